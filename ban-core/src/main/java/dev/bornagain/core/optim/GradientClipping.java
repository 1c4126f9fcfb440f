package dev.bornagain.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Rescales a step's gradients so that their global L2 norm is at most a bound, as PyTorch's {@code
 * clip_grad_norm_} does: every gradient is multiplied by {@code maxNorm / (norm + 1e-6)} when the
 * norm exceeds the bound, so the update keeps its direction.
 */
public final class GradientClipping {

  /** PyTorch's guard against dividing by a zero norm. */
  private static final double EPSILON = 1e-6;

  private GradientClipping() {}

  /**
   * Refuses settings that clip gradients when training runs on several devices: the other devices'
   * gradients are out of reach before DJL's parameter server reduces them, so no global norm can be
   * taken.
   *
   * @param settings the optimizer settings
   * @param devices the training devices
   * @throws IllegalArgumentException if the settings clip gradients and there are several devices
   */
  public static void checkDevices(SgdSettings settings, List<Device> devices) {
    checkArgument(
        !settings.clipsGradients() || devices.size() == 1,
        "gradient clipping needs one training device but %s were given: %s",
        devices.size(),
        devices);
  }

  /**
   * Clips the gradients of the parameters in place, after backward and before the update.
   *
   * @param parameters the model's parameters; those without a gradient (batch-norm statistics) are
   *     skipped
   * @param maxNorm the bound, &gt; 0
   * @return the global norm before clipping
   * @throws IllegalArgumentException if the bound is not positive and finite
   */
  public static double clipGlobalNorm(Collection<Parameter> parameters, float maxNorm) {
    checkArgument(
        maxNorm > 0 && Float.isFinite(maxNorm), "max norm must be > 0 but was %s", maxNorm);
    List<NDArray> gradients = new ArrayList<>();
    List<NDArray> temporaries = new ArrayList<>();
    try {
      for (Parameter parameter : parameters) {
        if (parameter.requiresGradient() && parameter.isInitialized()) {
          gradients.add(parameter.getArray().getGradient());
        }
      }
      if (gradients.isEmpty()) {
        return 0;
      }
      // One host read per step: the squared norms are summed on the device.
      NDArray squares = null;
      for (NDArray gradient : gradients) {
        NDArray square = keep(temporaries, keep(temporaries, gradient.square()).sum());
        squares = squares == null ? square : keep(temporaries, squares.add(square));
      }
      double norm =
          Math.sqrt(keep(temporaries, squares.toType(DataType.FLOAT64, false)).getDouble());
      if (norm > maxNorm) {
        float scale = (float) (maxNorm / (norm + EPSILON));
        gradients.forEach(gradient -> gradient.muli(scale));
      }
      return norm;
    } finally {
      // Intermediates live on the parameters' manager: closed at once, they cannot pile up. The
      // gradient handles are views; closing them leaves the parameters' gradients in place.
      temporaries.forEach(NDArray::close);
      gradients.forEach(NDArray::close);
    }
  }

  private static NDArray keep(List<NDArray> temporaries, NDArray array) {
    temporaries.add(array);
    return array;
  }
}
