package dev.bornagain.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.training.tracker.CosineTracker;
import java.util.Locale;

/**
 * Half a cosine from the base rate to a floor, over every step of the run. The position is the step
 * count, which the epoch and batch give, so the tracker holds no state a checkpoint must keep.
 */
final class CosineSchedule implements LearningRateSchedule {

  private final float floorFraction;

  CosineSchedule(float floorFraction) {
    checkArgument(
        floorFraction >= 0 && floorFraction < 1,
        "cosine floor fraction must be in [0, 1) but was %s",
        floorFraction);
    this.floorFraction = floorFraction;
  }

  @Override
  public Tracker start(float baseLearningRate, int epochs) {
    return new PerStepTracker(epochs) {
      @Override
      ai.djl.training.tracker.Tracker build(int totalSteps) {
        return CosineTracker.builder()
            .setBaseValue(baseLearningRate)
            .optFinalValue(baseLearningRate * floorFraction)
            .setMaxUpdates(totalSteps)
            .build();
      }
    };
  }

  @Override
  public String describe() {
    return "cosine(floor=" + floorFraction + ")";
  }

  @Override
  public String effective(float baseLearningRate, int epochs) {
    return String.format(
        Locale.ROOT,
        "lr %s, cosine per step to %s over %d epochs",
        baseLearningRate,
        baseLearningRate * floorFraction,
        epochs);
  }

  @Override
  public String toString() {
    return describe();
  }
}
