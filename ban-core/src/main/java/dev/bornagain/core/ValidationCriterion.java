package dev.bornagain.core;

import dev.bornagain.core.listen.EpochMetrics;
import dev.bornagain.core.train.EvaluationResult;
import java.util.Locale;

/**
 * What "better on the validation set" means when a run decides by itself how many generations to
 * train ({@link BornAgainBuilder#generationsWhileImproving(int, ValidationCriterion)}); lower is
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

  /** Returns an epoch's value, NaN when the epoch had no validation set. */
  double of(EpochMetrics epoch) {
    return this == ERROR ? epoch.validationErrorPercent() : epoch.validationLoss();
  }

  /** Returns a validation pass's value. */
  double of(EvaluationResult result) {
    return this == ERROR ? result.errorPercent() : result.crossEntropy();
  }

  /** Formats a value, e.g. "12.34%" or "4.1234". */
  String format(double value) {
    return String.format(Locale.ROOT, this == ERROR ? "%.2f%%" : "%.4f", value);
  }
}
