package dev.bornagain.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/** Multiplies the rate by a factor at fixed fractions of the epochs; holds no state. */
final class MultiStepSchedule implements LearningRateSchedule {

  private final float factor;
  private final double[] fractions;

  MultiStepSchedule(float factor, double[] fractions) {
    checkArgument(
        factor > 0 && factor <= 1, "multi-step factor must be in (0, 1] but was %s", factor);
    for (int i = 0; i < fractions.length; i++) {
      checkArgument(
          fractions[i] > 0 && fractions[i] < 1,
          "milestone fractions must lie in (0, 1) but one was %s",
          fractions[i]);
      checkArgument(
          i == 0 || fractions[i] > fractions[i - 1],
          "milestone fractions must increase but were %s",
          Arrays.toString(fractions));
    }
    this.factor = factor;
    this.fractions = fractions;
  }

  @Override
  public Tracker start(float baseLearningRate, int epochs) {
    int[] milestones = new int[fractions.length];
    for (int i = 0; i < fractions.length; i++) {
      milestones[i] = (int) Math.round(fractions[i] * epochs);
    }
    return new Tracker() {
      @Override
      public float learningRate(int epoch) {
        float rate = baseLearningRate;
        for (int milestone : milestones) {
          if (epoch >= milestone) {
            rate *= factor;
          }
        }
        return rate;
      }

      @Override
      public void observe(int epoch, double validationLoss) {}

      @Override
      public String save() {
        return "";
      }

      @Override
      public void restore(String state) {}
    };
  }

  @Override
  public String describe() {
    return fractions.length == 0
        ? "constant"
        : "multiStep(factor=" + factor + ", at=" + Arrays.toString(fractions) + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
