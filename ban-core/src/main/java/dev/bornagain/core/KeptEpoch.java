package dev.bornagain.core;

/** Which epoch's parameters of a generation to use: the last, or the best on the validation set. */
public enum KeptEpoch {
  /** The last epoch's parameters: what the paper reports. */
  LAST,
  /**
   * The parameters of the epoch with the lowest validation error (the first on ties), or the lowest
   * validation loss for language models, kept when the run was built with {@code
   * keepBestValidationEpoch()}; chosen on the validation split only.
   */
  BEST_VALIDATION;

  /**
   * Says which epoch this is, for reports: "last epoch (10 of 10)" or "best validation epoch (7 of
   * 10, 9.42% validation error)".
   *
   * @param epochs the generation's epochs
   * @param bestEpoch the zero-based epoch with the lowest validation error
   * @param bestError that epoch's validation error in percent
   * @return the description
   */
  public String describe(int epochs, int bestEpoch, double bestError) {
    return describe(
        epochs,
        bestEpoch,
        String.format(java.util.Locale.ROOT, "%.2f%% validation error", bestError));
  }

  /**
   * Says which epoch this is, for reports: "last epoch (10 of 10)" or "best validation epoch (4 of
   * 5, validation perplexity 116.06)".
   *
   * @param epochs the generation's epochs
   * @param bestEpoch the zero-based best validation epoch
   * @param bestScore what that epoch scored on validation, in words
   * @return the description
   */
  public String describe(int epochs, int bestEpoch, String bestScore) {
    return this == LAST
        ? "last epoch (" + epochs + " of " + epochs + ")"
        : "best validation epoch (" + (bestEpoch + 1) + " of " + epochs + ", " + bestScore + ")";
  }
}
