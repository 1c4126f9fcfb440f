package dev.bornagain.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/** Divides the rate whenever an epoch's validation loss is no better than the best so far. */
final class PlateauSchedule implements LearningRateSchedule {

  private final float divisor;

  PlateauSchedule(float divisor) {
    this.divisor = divisor;
  }

  @Override
  public Tracker start(float baseLearningRate, int epochs) {
    return new Tracker() {
      private float rate = baseLearningRate;
      private double best = Double.POSITIVE_INFINITY;

      @Override
      public float learningRate(int epoch, int batch, int batchesPerEpoch) {
        return rate;
      }

      @Override
      public void observe(int epoch, double validationLoss) {
        if (Double.isNaN(validationLoss)) {
          return;
        }
        if (validationLoss < best) {
          best = validationLoss;
        } else {
          rate /= divisor;
        }
      }

      @Override
      public String save() {
        // Hex of the raw bits: the position survives the round trip exactly.
        return Integer.toHexString(Float.floatToRawIntBits(rate))
            + " "
            + Long.toHexString(Double.doubleToRawLongBits(best));
      }

      @Override
      public void restore(String state) {
        List<String> parts = List.of(state.trim().split(" "));
        checkArgument(parts.size() == 2, "malformed plateau schedule state '%s'", state);
        rate = Float.intBitsToFloat(Integer.parseUnsignedInt(parts.get(0), 16));
        best = Double.longBitsToDouble(Long.parseUnsignedLong(parts.get(1), 16));
      }
    };
  }

  @Override
  public String describe() {
    return "plateau(divisor=" + divisor + ")";
  }

  @Override
  public String effective(float baseLearningRate, int epochs) {
    return "lr "
        + baseLearningRate
        + ", divided by "
        + divisor
        + " after every epoch whose validation loss does not improve, over "
        + epochs
        + " epochs";
  }

  @Override
  public String toString() {
    return describe();
  }
}
