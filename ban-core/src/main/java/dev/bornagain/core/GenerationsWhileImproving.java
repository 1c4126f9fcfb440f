package dev.bornagain.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import java.util.Optional;

/**
 * The rule of {@link BornAgainBuilder#generationsWhileImproving}: after each student, train another
 * while the last one's validation value is below the lowest so far (teacher included), up to a
 * maximum. A tie or NaN is no improvement.
 *
 * @param maxGenerations the most student generations, &gt;= 1
 * @param criterion what is compared
 */
record GenerationsWhileImproving(int maxGenerations, ValidationCriterion criterion) {

  GenerationsWhileImproving {
    checkArgument(
        maxGenerations >= 1, "the maximum of generations must be >= 1 but was %s", maxGenerations);
    checkNotNull(criterion, "criterion");
  }

  /**
   * Decides after a student.
   *
   * @param values the validation values of the teacher and of BAN-1..BAN-k, in order, k &gt;= 1
   * @return where the run stops, or empty to train BAN-(k+1)
   */
  Optional<GenerationStop> after(List<Double> values) {
    int students = values.size() - 1;
    checkArgument(students >= 1, "no student to judge yet: %s", values);
    int best = 0;
    for (int i = 1; i < students; i++) {
      if (comparable(values, i) < comparable(values, best)) {
        best = i;
      }
    }
    double last = values.get(students);
    boolean improved = comparable(values, students) < comparable(values, best);
    if (improved && students < maxGenerations) {
      return Optional.empty();
    }
    int winner = improved ? students : best;
    return Optional.of(
        new GenerationStop(
            criterion,
            maxGenerations,
            students,
            Generation.nameOf(winner),
            values.get(winner),
            last));
  }

  /** A NaN value (a diverged network) is worse than any other. */
  private static double comparable(List<Double> values, int index) {
    double value = values.get(index);
    return Double.isNaN(value) ? Double.POSITIVE_INFINITY : value;
  }

  /**
   * Describes the rule for the run's configuration, e.g. "while validation error improves, at most
   * 5".
   */
  String describe() {
    return "while " + criterion.label() + " improves, at most " + maxGenerations;
  }
}
