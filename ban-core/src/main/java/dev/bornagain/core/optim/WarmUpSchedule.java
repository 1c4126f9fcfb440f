package dev.bornagain.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.training.tracker.WarmUpTracker;

/**
 * A linear warm-up before another schedule, through DJL's {@link WarmUpTracker}: the other schedule
 * runs over the epochs after the warm-up as if they were the whole run, and sees its epochs counted
 * from the warm-up's end (its milestones and plateau observations included).
 */
final class WarmUpSchedule implements LearningRateSchedule {

  private final LearningRateSchedule main;
  private final int warmUpEpochs;

  WarmUpSchedule(LearningRateSchedule main, int warmUpEpochs) {
    this.main = main;
    this.warmUpEpochs = warmUpEpochs;
  }

  @Override
  public Tracker start(float baseLearningRate, int epochs) {
    checkArgument(
        warmUpEpochs < epochs,
        "the warm-up of %s epochs must be shorter than the run's %s epochs",
        warmUpEpochs,
        epochs);
    Tracker after = main.start(baseLearningRate, epochs - warmUpEpochs);
    return new PerStepTracker(epochs) {
      @Override
      ai.djl.training.tracker.Tracker build(int totalSteps) {
        int batches = totalSteps / epochs;
        int warmUpSteps = warmUpEpochs * batches;
        // DJL's tracker sees the main schedule as a function of the steps after the warm-up.
        ai.djl.training.tracker.Tracker mainSteps =
            step -> after.learningRate(step / batches, step % batches, batches);
        return WarmUpTracker.builder()
            .setMainTracker(mainSteps)
            .optWarmUpSteps(warmUpSteps)
            .optWarmUpBeginValue(baseLearningRate / warmUpSteps)
            .optWarmUpMode(WarmUpTracker.Mode.LINEAR)
            .build();
      }

      @Override
      public void observe(int epoch, double validationLoss) {
        if (epoch >= warmUpEpochs) {
          after.observe(epoch - warmUpEpochs, validationLoss);
        }
      }

      @Override
      public String save() {
        return after.save();
      }

      @Override
      public void restore(String state) {
        after.restore(state);
      }
    };
  }

  @Override
  public String describe() {
    return "warmUp(epochs=" + warmUpEpochs + ", then " + main.describe() + ")";
  }

  @Override
  public String effective(float baseLearningRate, int epochs) {
    return "linear warm-up over "
        + warmUpEpochs
        + " epochs, then "
        + main.effective(baseLearningRate, epochs - warmUpEpochs);
  }

  @Override
  public String toString() {
    return describe();
  }
}
