package dev.bornagain.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A tracker whose rate is a DJL {@link ai.djl.training.tracker.Tracker} of the step count since the
 * run began. The DJL tracker needs the run's total steps, so it is built at the first step, when
 * the training set has told how many batches an epoch has; a later call with another count is
 * refused, since the steps already taken would no longer fit the curve.
 */
abstract class PerStepTracker implements LearningRateSchedule.Tracker {

  private final int epochs;
  private int batchesPerEpoch = LearningRateSchedule.UNKNOWN_BATCHES;
  private ai.djl.training.tracker.Tracker steps;

  PerStepTracker(int epochs) {
    this.epochs = epochs;
  }

  /** Builds the DJL tracker for a run of {@code totalSteps} steps. */
  abstract ai.djl.training.tracker.Tracker build(int totalSteps);

  @Override
  public final float learningRate(int epoch, int batch, int batchesPerEpoch) {
    checkArgument(
        batchesPerEpoch > 0,
        "a per-step learning-rate schedule needs the number of batches per epoch, but the training"
            + " set does not report it (its first batch gives no progress total)");
    if (steps == null) {
      this.batchesPerEpoch = batchesPerEpoch;
      steps = build(Math.multiplyExact(epochs, batchesPerEpoch));
    }
    checkArgument(
        batchesPerEpoch == this.batchesPerEpoch,
        "the training set had %s batches per epoch and now has %s: a per-step schedule needs the"
            + " same number every epoch",
        this.batchesPerEpoch,
        batchesPerEpoch);
    return steps.getNewValue(epoch * batchesPerEpoch + batch);
  }

  @Override
  public void observe(int epoch, double validationLoss) {}

  @Override
  public String save() {
    return "";
  }

  @Override
  public void restore(String state) {}
}
