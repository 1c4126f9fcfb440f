package dev.bornagain.examples.pipeline;

import com.google.common.collect.ImmutableList;
import dev.bornagain.examples.report.RunReport;
import dev.bornagain.examples.report.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Says in plain words what a run's table shows: whether each student generation and each ensemble
 * beat the teacher on the test split, and whether the gain is larger than the spread between seeds.
 * Seed noise is as large as the effect in the paper, so a single seed is never read as evidence.
 */
public final class ReportNotes {

  private ReportNotes() {}

  /**
   * Writes the notes for a report's table.
   *
   * @param report the report, its notes ignored
   * @return one line per student generation and ensemble, then a conclusion
   */
  public static ImmutableList<String> of(RunReport report) {
    List<String> notes = new ArrayList<>();
    List<Double> teacher = report.testValues("teacher");
    if (teacher.isEmpty()) {
      return ImmutableList.of();
    }
    String unit = report.metric().unit().isEmpty() ? "" : " points";
    int seeds = report.seeds().size();
    List<String> students =
        report.generationNames().stream().filter(name -> !name.equals("teacher")).toList();
    int clearStudents = 0;
    int worseStudents = 0;
    int lowerStudents = 0;
    for (String column : students) {
      Comparison comparison = Comparison.of(teacher, report.testValues(column));
      notes.add(comparison.describe(column, unit));
      clearStudents += comparison.clearlyBetter() ? 1 : 0;
      worseStudents += comparison.clearlyWorse() ? 1 : 0;
      lowerStudents += comparison.gain() < 0 ? 1 : 0;
    }
    int clearEnsembles = 0;
    for (String column : report.ensembleNames()) {
      Comparison comparison = Comparison.of(teacher, report.testValues(column));
      notes.add(comparison.describe(column, unit));
      clearEnsembles += comparison.clearlyBetter() ? 1 : 0;
    }
    if (seeds == 1) {
      notes.add(
          "One seed: the spread between seeds is unknown, and the paper found seed noise as"
              + " large as the Born-Again gains (up to 0.66 points of CIFAR error), so none of"
              + " these differences is evidence of a Born-Again effect yet; run with several seeds"
              + " (e.g. --seeds 1,2,3) to tell.");
    } else {
      notes.add(
          String.format(
              Locale.ROOT,
              "Over %d seeds, %d of %d student generations and %d of %d ensembles beat the teacher"
                  + " by more than the spread between seeds (the larger standard deviation of the"
                  + " two columns).",
              seeds,
              clearStudents,
              students.size(),
              clearEnsembles,
              report.ensembleNames().size()));
      if (clearStudents == 0 && clearEnsembles > 0) {
        notes.add(
            "The born-again students alone show no clear gain here; the ensembles of generations"
                + " carry it, as is usual for small, briefly trained networks (a student without"
                + " labels inherits an under-trained teacher's mistakes).");
      } else if (clearStudents == 0 && clearEnsembles == 0) {
        notes.add("No Born-Again effect is visible at this size and training length.");
      }
    }
    if (seeds == 1 && !students.isEmpty() && lowerStudents == students.size()) {
      notes.add(
          "Every student generation is worse than the teacher in this run: a student learning"
              + " from an under-trained teacher inherits its mistakes; train longer or mix in the"
              + " labels (--loss ban+l).");
    }
    if (worseStudents > 0) {
      notes.add(
          "Some students are worse than their teacher by more than the seed spread: the teacher is"
              + " probably under-trained; train longer or mix in the labels (--loss ban+l).");
    }
    return ImmutableList.copyOf(notes);
  }

  /** One column against the teacher's, seed by seed (both lists are in seed order). */
  private record Comparison(Summary teacher, Summary candidate, double gain, int wins, int seeds) {

    static Comparison of(List<Double> teacher, List<Double> candidate) {
      int n = Math.min(teacher.size(), candidate.size());
      double gain = 0;
      int wins = 0;
      for (int i = 0; i < n; i++) {
        double d = teacher.get(i) - candidate.get(i);
        gain += d;
        wins += d > 0 ? 1 : 0;
      }
      return new Comparison(Summary.of(teacher), Summary.of(candidate), gain / n, wins, n);
    }

    double spread() {
      return Math.max(teacher.std(), candidate.std());
    }

    boolean clearlyBetter() {
      return seeds > 1 && gain > spread();
    }

    boolean clearlyWorse() {
      return seeds > 1 && -gain > spread();
    }

    String describe(String column, String unit) {
      String direction =
          gain > 0
              ? String.format(Locale.ROOT, "better than the teacher by %.2f%s", gain, unit)
              : gain < 0
                  ? String.format(Locale.ROOT, "worse than the teacher by %.2f%s", -gain, unit)
                  : "level with the teacher";
      if (seeds == 1) {
        return String.format(
            Locale.ROOT,
            "%s: %s vs teacher %s, %s (one seed, no spread known).",
            column,
            candidate.format(),
            teacher.format(),
            direction);
      }
      String verdict =
          Math.abs(gain) > spread()
              ? String.format(Locale.ROOT, "beyond the seed spread of %.2f", spread())
              : String.format(
                  Locale.ROOT,
                  "within the seed spread of %.2f: not told apart from noise",
                  spread());
      return String.format(
          Locale.ROOT,
          "%s: %s vs teacher %s, %s on average (better in %d of %d seeds), %s.",
          column,
          candidate.format(),
          teacher.format(),
          direction,
          wins,
          seeds,
          verdict);
    }
  }
}
