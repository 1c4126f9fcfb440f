package dev.bornagain.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Locale;

/**
 * Where a run that chose its own number of generations stopped, and why ({@link
 * BornAgainBuilder#generationsWhileImproving}): after the first student whose validation value did
 * not improve on the best so far (teacher included), or at the maximum.
 *
 * @param criterion what was compared, lower being better
 * @param maxGenerations the most student generations the run allowed
 * @param studentsTrained how many student generations were trained, BAN-1..BAN-k
 * @param best the generation with the lowest value, e.g. "BAN-2" or "teacher"
 * @param bestValue its value
 * @param lastValue the value of the last student trained
 */
public record GenerationStop(
    ValidationCriterion criterion,
    int maxGenerations,
    int studentsTrained,
    String best,
    double bestValue,
    double lastValue) {

  /** Validates the record. */
  public GenerationStop {
    checkNotNull(criterion, "criterion");
    checkNotNull(best, "best");
    checkArgument(
        studentsTrained >= 1 && studentsTrained <= maxGenerations,
        "students trained must be in [1, %s] but was %s",
        maxGenerations,
        studentsTrained);
  }

  /** Returns the name of the last student trained, e.g. "BAN-3". */
  public String lastTrained() {
    return Generation.nameOf(studentsTrained);
  }

  /**
   * Returns whether the run stopped at the maximum with its last student still the best; more
   * generations might have helped.
   */
  public boolean reachedMaximum() {
    return best.equals(lastTrained());
  }

  /** Says where and why the run stopped, in one sentence. */
  public String describe() {
    if (reachedMaximum()) {
      return String.format(
          Locale.ROOT,
          "stopped at the maximum of %d generations, still improving: %s's %s %s is the best",
          maxGenerations,
          best,
          criterion.label(),
          criterion.format(bestValue));
    }
    return String.format(
        Locale.ROOT,
        "stopped after %s: its %s %s did not improve on the best so far, %s's %s",
        lastTrained(),
        criterion.label(),
        criterion.format(lastValue),
        best,
        criterion.format(bestValue));
  }
}
