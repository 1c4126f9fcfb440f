package dev.bornagain.examples.report;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Where one seed's run stopped adding generations, when it chose how many to train ({@code ban ...
 * --generations auto}).
 *
 * @param runSeed the base seed of the run
 * @param lastTrained the last student trained, e.g. "BAN-3"
 * @param best the generation with the best validation value, teacher included, e.g. "BAN-2"
 * @param bestValidation its validation error (percent) or loss
 * @param reason why the run stopped, in one sentence
 */
public record StopReport(
    long runSeed, String lastTrained, String best, double bestValidation, String reason) {

  /** Checks the names. */
  public StopReport {
    checkNotNull(lastTrained, "lastTrained");
    checkNotNull(best, "best");
    checkNotNull(reason, "reason");
  }
}
