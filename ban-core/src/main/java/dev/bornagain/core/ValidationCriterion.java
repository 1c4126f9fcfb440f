package dev.bornagain.core;

import dev.bornagain.core.listen.EpochMetrics;
import dev.bornagain.core.train.EvaluationResult;
import java.util.Locale;

/**
 * What "better on the validation set" means when a run decides by itself how many generations to
 * train ({@link BornAgainBuilder#generationsWhileImproving(int, ValidationCriterion)}) or which
 * epoch to keep ({@link BornAgainBuilder#keepBestValidationEpoch(ValidationCriterion)}); lower is
 * better for both.
 */
public enum ValidationCriterion {
  /** The validation error in percent: for classifiers. */
  ERROR("validation error"),
  /** The mean validation cross-entropy: for language models, where it orders like perplexity. */
  LOSS("validation loss");

  private final String label;

  ValidationCriterion(String label) {
    this.label = label;
  }

  /** Returns e.g. "validation error". */
  public String label() {
    return label;
  }

  /**
   * Returns an epoch's value.
   *
   * @param epoch the epoch's metrics
   * @return its validation error or loss, NaN when the epoch had no validation set
   */
  public double of(EpochMetrics epoch) {
    return this == ERROR ? epoch.validationErrorPercent() : epoch.validationLoss();
  }

  /** Returns a validation pass's value. */
  double of(EvaluationResult result) {
    return this == ERROR ? result.errorPercent() : result.crossEntropy();
  }

  /** Says what a value is, e.g. "12.34% validation error" or "validation loss 4.1234". */
  String describe(double value) {
    return this == ERROR ? format(value) + " " + label : label + " " + format(value);
  }

  /** Formats a value, e.g. "12.34%" or "4.1234". */
  String format(double value) {
    return String.format(Locale.ROOT, this == ERROR ? "%.2f%%" : "%.4f", value);
  }
}
