package dev.bornagain.core.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stochastic gradient descent with momentum, optional Nesterov look-ahead and weight decay, in
 * PyTorch's formulation:
 *
 * <pre>
 *   g = grad + weightDecay * w
 *   v = momentum * v + g
 *   w = w - lr * (nesterov ? g + momentum * v : v)
 * </pre>
 *
 * <p>Unlike DJL's {@code Sgd}, the momentum buffers can be saved and restored ({@link #saveState},
 * {@link #loadState}), so a resumed run continues bit for bit, and Nesterov works on every engine.
 * The learning rate is set from outside, once per epoch, by a {@link LearningRateSchedule}.
 *
 * <p>One instance serves one model. With several devices, DJL's local parameter server applies the
 * same reduced gradient on each device, so a buffer is kept per parameter and device; a restored
 * buffer is copied to the other devices on first use. Gradient clipping needs every gradient at
 * once, so the training step applies it before the update ({@link GradientClipping}).
 */
public final class MomentumSgd extends Optimizer {

  private final SgdSettings settings;
  private final Map<String, NDArray> velocities = new ConcurrentHashMap<>();
  private final Map<Device, Coefficients> coefficients = new ConcurrentHashMap<>();
  private volatile float learningRate;

  private MomentumSgd(Builder builder) {
    super(builder);
    this.settings = builder.settings;
    this.learningRate = builder.settings.learningRate();
  }

  /**
   * Returns a builder for an optimizer with the given settings.
   *
   * @param settings learning rate, momentum, Nesterov and weight decay
   * @return the builder
   */
  public static Builder builder(SgdSettings settings) {
    return new Builder(settings);
  }

  /** Returns the settings this optimizer was built with. */
  public SgdSettings settings() {
    return settings;
  }

  /** Returns the learning rate used by the next update. */
  public float learningRate() {
    return learningRate;
  }

  /**
   * Sets the learning rate used from the next update on.
   *
   * @param learningRate the new rate, &gt; 0
   * @throws IllegalArgumentException if the rate is not positive and finite
   */
  public void setLearningRate(float learningRate) {
    checkArgument(
        learningRate > 0 && Float.isFinite(learningRate),
        "learning rate must be > 0 but was %s",
        learningRate);
    this.learningRate = learningRate;
  }

  /** {@inheritDoc} */
  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    // Intermediates are closed at once so that no array outlives the step on the model's manager.
    List<NDArray> temporaries = new ArrayList<>(4);
    try {
      NDArray g = grad;
      if (rescaleGrad != 1f) {
        g = keep(temporaries, g.mul(rescaleGrad));
      }
      Coefficients c = coefficients.computeIfAbsent(weight.getDevice(), d -> coefficients(weight));
      if (settings.weightDecay() != 0f) {
        NDArray decay = keep(temporaries, weight.mul(c.weightDecay()));
        g = keep(temporaries, g.add(decay));
      }
      NDArray direction = g;
      if (settings.momentum() != 0f) {
        String key = parameterId + "@" + weight.getDevice();
        NDArray velocity = velocities.computeIfAbsent(key, k -> newVelocity(parameterId, weight));
        velocity.muli(c.momentum()).addi(g);
        if (settings.nesterov()) {
          NDArray lookAhead = keep(temporaries, velocity.mul(c.momentum()));
          direction = keep(temporaries, g.add(lookAhead));
        } else {
          direction = velocity;
        }
      }
      // The engine's own update applies w -= lr * direction and zeroes the weight's gradient.
      weight
          .getNDArrayInternal()
          .sgdUpdate(
              new NDList(weight, direction),
              new NDList(weight),
              learningRate,
              0f,
              1f,
              -1f,
              0f,
              true);
    } finally {
      temporaries.forEach(NDArray::close);
    }
  }

  /**
   * Makes the coefficients as arrays on the weight's device, once per device: DJL's scalar
   * overloads ({@code mul(Number)}) copy the number into a new native array on every call, three
   * times per parameter per step. The parameters' manager keeps them as long as the velocities.
   */
  private Coefficients coefficients(NDArray weight) {
    NDManager manager = weight.getManager();
    return new Coefficients(
        manager.create(settings.weightDecay()), manager.create(settings.momentum()));
  }

  private NDArray newVelocity(String parameterId, NDArray weight) {
    // A copy on another device (data parallelism) starts from the restored buffer, if any.
    String prefix = parameterId + "@";
    return velocities.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(e -> e.getValue().toDevice(weight.getDevice(), true))
        .findFirst()
        .orElseGet(weight::zerosLike);
  }

  private static NDArray keep(List<NDArray> temporaries, NDArray array) {
    temporaries.add(array);
    return array;
  }

  /**
   * Writes the momentum buffers in the order of {@code parameters} (DJL parameter ids are random
   * per process, so the order is the key). A buffer not yet created is written as absent.
   *
   * @param parameters the model's parameters, in the block's order
   * @param out the stream to write to
   * @throws IOException if writing fails
   */
  public void saveState(List<Parameter> parameters, DataOutputStream out) throws IOException {
    out.writeInt(parameters.size());
    out.writeFloat(learningRate);
    for (Parameter parameter : parameters) {
      NDArray velocity = velocityOf(parameter);
      out.writeBoolean(velocity != null);
      if (velocity != null) {
        out.write(velocity.encode());
      }
    }
  }

  /**
   * Restores buffers written by {@link #saveState} for the same architecture.
   *
   * @param parameters the model's parameters, in the block's order
   * @param in the stream to read
   * @throws IOException if reading fails
   * @throws IllegalStateException if the stream was written for a different number of parameters or
   *     a buffer's shape differs from its parameter's
   */
  public void loadState(List<Parameter> parameters, DataInputStream in) throws IOException {
    int count = in.readInt();
    checkState(
        count == parameters.size(),
        "optimizer state holds %s parameters but the model has %s",
        count,
        parameters.size());
    learningRate = in.readFloat();
    for (Parameter parameter : parameters) {
      if (!in.readBoolean()) {
        continue;
      }
      NDArray weight = parameter.getArray();
      NDArray velocity = weight.getManager().decode(in);
      Shape expected = weight.getShape();
      checkState(
          velocity.getShape().equals(expected),
          "optimizer state for parameter %s has shape %s but the parameter has %s",
          parameter.getName(),
          velocity.getShape(),
          expected);
      velocity = velocity.toType(DataType.FLOAT32, false);
      NDArray old = velocities.put(parameter.getId() + "@" + weight.getDevice(), velocity);
      if (old != null) {
        old.close();
      }
    }
  }

  private NDArray velocityOf(Parameter parameter) {
    String prefix = parameter.getId() + "@";
    NDArray onHome = velocities.get(prefix + parameter.getArray().getDevice());
    if (onHome != null) {
      return onHome;
    }
    return velocities.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  /** Weight decay and momentum as 0-d arrays of one device. */
  private record Coefficients(NDArray weightDecay, NDArray momentum) {}

  /** Builds a {@link MomentumSgd}; DJL's rescale-gradient option applies, clipping does not. */
  public static final class Builder extends OptimizerBuilder<Builder> {

    private final SgdSettings settings;

    private Builder(SgdSettings settings) {
      this.settings = settings;
    }

    /** {@inheritDoc} */
    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Builds the optimizer.
     *
     * @return the optimizer
     */
    public MomentumSgd build() {
      return new MomentumSgd(this);
    }
  }
}
