package dev.bornagain.models.serving;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * An exported image network's input side: it takes pixels scaled to [0, 1], the tensor DJL's {@code
 * ToTensor} (and so DJL's default image translator) makes of an image, applies the training
 * normalisation {@code (x - mean) / std} per channel, and runs the network. With it inside the
 * model, any translator that feeds DJL's standard tensors feeds the network correctly.
 *
 * <p>DJL's {@code Normalize} transform would do the same arithmetic, but it is a translator step
 * that a {@code serving.properties} can configure for three channels only, and a translator other
 * than the one named is easily used (DJL's {@code Criteria} ignores a {@code translatorFactory} in
 * {@code serving.properties} for {@code Image} inputs).
 *
 * <p>Like every {@link ServedInputBlock}, it has no parameters: the parameter file is the
 * network's.
 *
 * <p>Input that is not an image of the network's shape, or not in [0, 1] (raw bytes, or values
 * normalised already), is refused with a message saying what to pass instead.
 */
public final class PixelNormalizingBlock extends ServedInputBlock {

  private final Shape sampleShape;
  private final float[] mean;
  private final float[] std;

  /**
   * Wraps a network.
   *
   * @param network the network, taking normalised images of {@code sampleShape}
   * @param sampleShape one image, (channels, height, width)
   * @param mean each channel's mean of {@code pixel / 255}
   * @param std each channel's standard deviation, positive
   * @throws IllegalArgumentException if the shape is not (channels, height, width), or the
   *     statistics do not have one positive entry per channel
   */
  public PixelNormalizingBlock(
      Block network, Shape sampleShape, List<Double> mean, List<Double> std) {
    super(network);
    checkArgument(
        sampleShape.dimension() == 3, "an image is (channels, height, width), not %s", sampleShape);
    checkArgument(
        mean.size() == sampleShape.get(0) && std.size() == sampleShape.get(0),
        "%s channels need one mean and std each, but had %s and %s",
        sampleShape.get(0),
        mean,
        std);
    this.sampleShape = sampleShape;
    this.mean = toFloats(mean);
    this.std = toFloats(std);
    for (float s : this.std) {
      checkArgument(s > 0, "std must be positive but was %s", std);
    }
  }

  private static float[] toFloats(List<Double> values) {
    float[] floats = new float[values.size()];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = values.get(i).floatValue();
    }
    return floats;
  }

  /** Returns each channel's mean. */
  public ImmutableList<Float> mean() {
    return floats(mean);
  }

  /** Returns each channel's standard deviation. */
  public ImmutableList<Float> std() {
    return floats(std);
  }

  private static ImmutableList<Float> floats(float[] values) {
    ImmutableList.Builder<Float> list = ImmutableList.builder();
    for (float v : values) {
      list.add(v);
    }
    return list.build();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the input is not a batch of images of the network's shape
   *     with values in [0, 1]
   */
  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray pixels = inputs.singletonOrThrow();
    Shape shape = pixels.getShape();
    if (shape.dimension() != 4 || !shape.slice(1).equals(sampleShape)) {
      throw new IllegalArgumentException(
          String.format(
              "this model takes a batch of %s images, (N, %s), but got %s: give DJL's image"
                  + " translator %s (an export writes them into serving.properties)",
              describe(), sampleShape, shape, translatorArguments()));
    }
    float min = pixels.min().getFloat();
    float max = pixels.max().getFloat();
    if (min < 0 || max > 1) {
      throw new IllegalArgumentException(
          String.format(
              "this model takes pixels / 255 in [0, 1], as DJL's ToTensor gives, but got values"
                  + " from %s to %s: it normalises them itself, so pass neither raw bytes"
                  + " (toTensor=false) nor values normalised already",
              min, max));
    }
    NDManager manager = pixels.getManager();
    Shape perChannel = new Shape(mean.length, 1, 1);
    NDArray normalised =
        pixels.sub(manager.create(mean, perChannel)).div(manager.create(std, perChannel));
    return network.forward(parameterStore, new NDList(normalised), training, params);
  }

  private String describe() {
    return String.format(
        "%s %dx%d", sampleShape.get(0) == 1 ? "greyscale" : "colour", width(), height());
  }

  private long width() {
    return sampleShape.get(2);
  }

  private long height() {
    return sampleShape.get(1);
  }

  private String translatorArguments() {
    return String.format(
        "the arguments flag=%s, width=%d, height=%d, resize=true",
        sampleShape.get(0) == 1 ? "GRAYSCALE" : "COLOR", width(), height());
  }
}
