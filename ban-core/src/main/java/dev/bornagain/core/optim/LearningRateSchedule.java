package dev.bornagain.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How the learning rate moves over the steps of one generation. A schedule is an immutable
 * description; {@link #start} gives a {@link Tracker} holding the position within one generation,
 * which a checkpoint saves as a string and restores exactly. Every generation asks its tracker for
 * the rate before every step, so a schedule may move per step (cosine, warm-up) or only at epoch
 * starts (multi-step, plateau).
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

  /**
   * Says what the schedule does to a run of this length, for logs and reports: e.g. {@code lr 0.1,
   * x0.2 at epochs 3, 6, 8 of 10}.
   *
   * @param baseLearningRate the optimizer's base rate
   * @param epochs the generation's number of epochs
   * @return one line
   */
  default String effective(float baseLearningRate, int epochs) {
    return "lr " + baseLearningRate + ", " + describe() + " over " + epochs + " epochs";
  }

  /**
   * Starts this schedule after a linear warm-up of {@code epochs} epochs, in the manner of DJL's
   * {@code WarmUpTracker}: the rate climbs linearly from {@code base / n} towards the base rate
   * over the warm-up's {@code n} steps, then this schedule runs over the remaining epochs as if
   * they were the whole run (a cosine decays over them, multi-step milestones scale to them).
   *
   * @param epochs warm-up epochs, &gt;= 0 (0 returns this schedule) and fewer than the run's epochs
   * @return the schedule with a warm-up
   * @throws IllegalArgumentException if {@code epochs} is negative
   */
  default LearningRateSchedule withWarmUp(int epochs) {
    checkArgument(epochs >= 0, "warm-up epochs must be >= 0 but was %s", epochs);
    return epochs == 0 ? this : new WarmUpSchedule(this, epochs);
  }

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
   * Decays the rate along half a cosine, step by step, from the base rate to {@code floorFraction}
   * times it at the end of the run (DJL's {@code CosineTracker} over every step of the run;
   * PyTorch's {@code CosineAnnealingLR} stepped per batch with {@code T_max} the number of steps).
   *
   * @param floorFraction the final rate as a fraction of the base rate, in [0, 1)
   * @return the schedule
   * @throws IllegalArgumentException if the fraction is outside [0, 1)
   */
  static LearningRateSchedule cosine(float floorFraction) {
    return new CosineSchedule(floorFraction);
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

  /** The value of {@code batchesPerEpoch} when the training set does not say how many it has. */
  int UNKNOWN_BATCHES = -1;

  /** The position of one generation within a schedule. */
  interface Tracker {

    /**
     * Returns the learning rate for one step.
     *
     * @param epoch the zero-based epoch
     * @param batch the zero-based batch within the epoch
     * @param batchesPerEpoch the batches of every epoch, or {@link #UNKNOWN_BATCHES}
     * @return the rate, &gt; 0
     * @throws IllegalArgumentException if the schedule moves per step and {@code batchesPerEpoch}
     *     is unknown or changed since an earlier call
     */
    float learningRate(int epoch, int batch, int batchesPerEpoch);

    /**
     * Returns the learning rate of an epoch's first step.
     *
     * @param epoch the zero-based epoch
     * @param batchesPerEpoch the batches of every epoch, or {@link #UNKNOWN_BATCHES}
     * @return the rate
     */
    default float learningRate(int epoch, int batchesPerEpoch) {
      return learningRate(epoch, 0, batchesPerEpoch);
    }

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
