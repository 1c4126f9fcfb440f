package dev.bornagain.core.listen;

/**
 * What one epoch of one generation measured.
 *
 * @param generation the generation index (0 is the teacher)
 * @param epoch the zero-based epoch
 * @param trainingLoss the mean of the training loss over the epoch's batches (the distillation loss
 *     for students, the label loss for the teacher)
 * @param validationLoss the mean label cross-entropy per sample on the validation set, NaN without
 *     one
 * @param validationErrorPercent the validation error in percent, NaN without a validation set
 * @param learningRate the learning rate of the epoch's first step (per-step schedules move on from
 *     it)
 * @param seconds the epoch's wall-clock time, validation included
 */
public record EpochMetrics(
    int generation,
    int epoch,
    double trainingLoss,
    double validationLoss,
    double validationErrorPercent,
    float learningRate,
    double seconds) {

  /** Returns the validation perplexity, {@code exp(validationLoss)}, for language models. */
  public double validationPerplexity() {
    return Math.exp(validationLoss);
  }
}
