package dev.bornagain.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How the learning rate moves over the epochs of one generation. A schedule is an immutable
 * description; {@link #start} gives a {@link Tracker} holding the position within one generation,
 * which a checkpoint saves as a string and restores exactly.
 */
public interface LearningRateSchedule {

  /**
   * Starts tracking one generation's learning rate.
   *
   * @param baseLearningRate the optimizer's base rate
   * @param epochs the generation's number of epochs
   * @return a fresh tracker at epoch 0
   */
  Tracker start(float baseLearningRate, int epochs);

  /** Returns a description that names the schedule and all its settings, for fingerprints. */
  String describe();

  /** The rate stays at its base value. */
  static LearningRateSchedule constant() {
    return new MultiStepSchedule(1f, new double[0]);
  }

  /**
   * The Wide-ResNet recipe: multiply by 0.2 at 30%, 60% and 80% of the epochs (epochs 60, 120 and
   * 160 of 200).
   */
  static LearningRateSchedule wideResNet() {
    return multiStep(0.2f, 0.3, 0.6, 0.8);
  }

  /**
   * Multiplies the rate by {@code factor} at each milestone, given as fractions of the epoch count
   * (rounded to the nearest epoch), so the same schedule scales to short and long runs.
   *
   * @param factor the multiplier at each milestone, in (0, 1]
   * @param milestoneFractions increasing fractions in (0, 1)
   * @return the schedule
   * @throws IllegalArgumentException if the factor or a fraction is out of range, or the fractions
   *     do not increase
   */
  static LearningRateSchedule multiStep(float factor, double... milestoneFractions) {
    return new MultiStepSchedule(factor, milestoneFractions.clone());
  }

  /**
   * Divides the rate by {@code divisor} after every epoch whose validation loss does not improve on
   * the best so far (the paper's PTB recipe uses 4).
   *
   * @param divisor the divisor, &gt; 1
   * @return the schedule
   * @throws IllegalArgumentException if the divisor is not &gt; 1
   */
  static LearningRateSchedule plateau(float divisor) {
    checkArgument(divisor > 1, "plateau divisor must be > 1 but was %s", divisor);
    return new PlateauSchedule(divisor);
  }

  /** The position of one generation within a schedule. */
  interface Tracker {

    /**
     * Returns the learning rate for an epoch.
     *
     * @param epoch the zero-based epoch about to start
     * @return the rate
     */
    float learningRate(int epoch);

    /**
     * Tells the tracker an epoch's validation loss (ignored by schedules that do not use it).
     *
     * @param epoch the zero-based epoch just finished
     * @param validationLoss its validation loss, NaN if there was no validation set
     */
    void observe(int epoch, double validationLoss);

    /** Returns the position as a string that {@link #restore} accepts. */
    String save();

    /**
     * Restores a position written by {@link #save}.
     *
     * @param state the saved position
     * @throws IllegalArgumentException if the state is malformed
     */
    void restore(String state);
  }
}
