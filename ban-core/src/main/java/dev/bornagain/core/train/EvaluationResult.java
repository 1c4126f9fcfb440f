package dev.bornagain.core.train;

/**
 * A model's or an ensemble's score on a dataset.
 *
 * @param samples the number of scored samples (every time step for sequences)
 * @param errorPercent the share of samples whose most probable class is wrong, in percent
 * @param crossEntropy the mean label cross-entropy per sample, natural log
 */
public record EvaluationResult(long samples, double errorPercent, double crossEntropy) {

  /** Returns the perplexity {@code exp(crossEntropy)}, the language-model score. */
  public double perplexity() {
    return Math.exp(crossEntropy);
  }
}
