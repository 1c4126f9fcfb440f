package dev.bornagain.models.layers;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import com.google.common.base.Preconditions;

/**
 * Factories for the layers every architecture here uses, with the initialisation of the papers'
 * reference implementations.
 *
 * <p>Convolutions have no bias and are initialised He-normal with the fan-out, {@code N(0,
 * 2/(k*k*out))}, as in the reference code of Wide-ResNet (Zagoruyko), DenseNet (Liu, PyTorch port)
 * and torchvision's ResNet. Classifiers draw their weights from {@code U(-1/sqrt(in), 1/sqrt(in))}
 * (PyTorch's default for {@code nn.Linear}) and start with a zero bias, as the Wide-ResNet
 * reference does. Batch normalisation starts at gamma 1, beta 0.
 *
 * <p>All random draws go through the {@code NDManager}'s engine random generator, so {@code
 * Engine.getInstance().setRandomSeed(seed)} before {@code Block.initialize} fixes the parameters.
 */
public final class Layers {

  private Layers() {}

  /**
   * He-normal with the fan-out: {@code N(0, sqrt(2 / (out * kh * kw)))}. DJL's Xavier initialiser
   * with a Gaussian, the fan-out factor and magnitude 2 is exactly this.
   *
   * @return the initialiser
   */
  public static Initializer heNormalFanOut() {
    return new XavierInitializer(
        XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2f);
  }

  /**
   * PyTorch's default for {@code nn.Linear} weights: {@code U(-1/sqrt(in), 1/sqrt(in))}.
   *
   * @return the initialiser
   */
  public static Initializer linearUniformFanIn() {
    return new XavierInitializer(
        XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1f);
  }

  /**
   * A square convolution without bias, padded to keep the size at stride 1, initialised He-normal
   * (fan-out).
   *
   * @param filters output channels
   * @param kernel kernel side (1 or 3 here)
   * @param stride stride in both directions
   * @return the convolution
   * @throws IllegalArgumentException if any argument is not positive
   */
  public static Block conv(int filters, int kernel, int stride) {
    Preconditions.checkArgument(filters > 0, "filters must be > 0 but was %s", filters);
    Preconditions.checkArgument(kernel > 0, "kernel must be > 0 but was %s", kernel);
    Preconditions.checkArgument(stride > 0, "stride must be > 0 but was %s", stride);
    int pad = kernel / 2;
    Block conv =
        Conv2d.builder()
            .setFilters(filters)
            .setKernelShape(new Shape(kernel, kernel))
            .optStride(new Shape(stride, stride))
            .optPadding(new Shape(pad, pad))
            .optBias(false)
            .build();
    conv.setInitializer(heNormalFanOut(), Parameter.Type.WEIGHT);
    return conv;
  }

  /**
   * Batch normalisation over the channel axis with PyTorch's defaults (epsilon 1e-5, running
   * statistics momentum 0.1, that is DJL momentum 0.9).
   *
   * @return the block
   */
  public static Block batchNorm() {
    return BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
  }

  /**
   * Batch normalisation followed by ReLU.
   *
   * @return the block
   */
  public static SequentialBlock batchNormRelu() {
    return new SequentialBlock().add(batchNorm()).addSingleton(ai.djl.nn.Activation::relu);
  }

  /**
   * A fully connected classifier with bias, initialised as PyTorch's {@code nn.Linear} with a zero
   * bias.
   *
   * @param classes output units
   * @return the block
   * @throws IllegalArgumentException if {@code classes < 1}
   */
  public static Block classifier(int classes) {
    Preconditions.checkArgument(classes >= 1, "number of classes must be >= 1 but was %s", classes);
    Block linear = Linear.builder().setUnits(classes).build();
    linear.setInitializer(linearUniformFanIn(), Parameter.Type.WEIGHT);
    return linear;
  }
}
