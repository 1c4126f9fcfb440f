package dev.bornagain.examples.pipeline;

import com.google.common.collect.ImmutableList;
import dev.bornagain.core.IndependentBaselines;
import dev.bornagain.examples.report.Metric;
import dev.bornagain.examples.report.RunReport;
import dev.bornagain.examples.report.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    Map<Long, Double> teacher = report.testValuesBySeed("teacher");
    if (teacher.isEmpty()) {
      return ImmutableList.of();
    }
    String unit = report.metric().unit().isEmpty() ? "" : " points";
    int seeds = report.seeds().size();
    List<String> students =
        report.generationNames().stream()
            .filter(name -> !name.equals("teacher") && !IndependentBaselines.isBaseline(name))
            .toList();
    List<String> ensembleNames =
        report.ensembleNames().stream().filter(n -> !IndependentBaselines.isBaseline(n)).toList();
    int clearStudents = 0;
    int worseStudents = 0;
    int lowerStudents = 0;
    for (String column : students) {
      Comparison comparison = Comparison.of(teacher, report.testValuesBySeed(column));
      notes.add(comparison.describe(column, TEACHER, unit));
      clearStudents += comparison.clearlyBetter() ? 1 : 0;
      worseStudents += comparison.clearlyWorse() ? 1 : 0;
      lowerStudents += comparison.difference() > 0 ? 1 : 0;
    }
    int clearEnsembles = 0;
    for (String column : ensembleNames) {
      Comparison comparison = Comparison.of(teacher, report.testValuesBySeed(column));
      notes.add(comparison.describe(column, TEACHER, unit));
      clearEnsembles += comparison.clearlyBetter() ? 1 : 0;
    }
    notes.addAll(EqualCompute.notes(report, teacher, unit));
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
              "Over %d seeds, %d of %d student generations and %d of %d ensembles beat their own"
                  + " seed's teacher by more than twice the standard deviation of the paired"
                  + " differences.",
              seeds,
              clearStudents,
              students.size(),
              clearEnsembles,
              ensembleNames.size()));
      if (clearStudents > 0) {
        notes.add(
            "What this shows: on this data and recipe, those students "
                + (report.metric() == Metric.PERPLEXITY
                    ? "predict the text better (lower perplexity)"
                    : "are more accurate")
                + " than the teachers they learned from, seed for seed. What it does not show: that"
                + " the gain"
                + " holds on other data, at other sizes or with other seeds; "
                + seeds
                + " seeds give a rough spread only.");
      } else if (clearEnsembles > 0) {
        notes.add(
            "What this shows: averaging born-again generations (with their teacher, where listed)"
                + " beats the teacher seed for seed on this data and recipe. What it does not show:"
                + " that a single born-again student beats its teacher here (none did by more than"
                + " twice its paired spread), nor that the gain holds elsewhere; "
                + seeds
                + " seeds give a rough spread only.");
      } else {
        notes.add("No Born-Again effect is visible here beyond the spread between seeds.");
      }
    }
    if (seeds == 1 && !students.isEmpty() && lowerStudents == students.size()) {
      notes.add(
          "Every student generation is worse than the teacher in this run: a student learning"
              + " from its teacher alone copies its mistakes; mix in the labels (--loss ban+l) or"
              + " soften the teacher (--loss hinton), and use several seeds.");
    }
    if (worseStudents > 0) {
      notes.add(
          "Some students are worse than their own teacher by more than twice the paired spread:"
              + " students learning from the teacher alone (ban) copy its mistakes; labels mixed in"
              + " (--loss ban+l) or a softened teacher (--loss hinton) can help (docs/results.md).");
    }
    return ImmutableList.copyOf(notes);
  }

  /**
   * One column against the teacher's, paired seed by seed: the differences candidate minus teacher
   * remove the part of the seed noise the two share. A column may lack seeds (a run that chose its
   * number of generations); the teacher is then summarised over the same seeds.
   */
  /** What a column is compared with: "teacher" in tables, "the teacher" in sentences. */
  record Reference(String label, String phrase) {
    static Reference of(String column) {
      return new Reference(column, column);
    }
  }

  static final Reference TEACHER = new Reference("teacher", "the teacher");

  record Comparison(
      Summary teacher, Summary candidate, List<Double> differences, List<Long> seeds) {

    static Comparison of(Map<Long, Double> teacher, Map<Long, Double> candidate) {
      List<Long> seeds = new ArrayList<>();
      List<Double> teachers = new ArrayList<>();
      List<Double> differences = new ArrayList<>();
      candidate.forEach(
          (seed, value) -> {
            Double own = teacher.get(seed);
            if (own != null) {
              seeds.add(seed);
              teachers.add(own);
              differences.add(value - own);
            }
          });
      List<Double> values = seeds.stream().map(candidate::get).toList();
      return new Comparison(Summary.of(teachers), Summary.of(values), differences, seeds);
    }

    /** The mean paired difference, candidate minus teacher: negative is better. */
    double difference() {
      return Summary.of(differences).mean();
    }

    double pairedStd() {
      return Summary.of(differences).std();
    }

    int wins() {
      return (int) differences.stream().filter(d -> d < 0).count();
    }

    boolean clearlyBetter() {
      return differences.size() > 1 && -difference() > 2 * pairedStd();
    }

    boolean clearlyWorse() {
      return differences.size() > 1 && difference() > 2 * pairedStd();
    }

    String describe(String column, Reference reference, String unit) {
      double gain = -difference();
      String direction =
          gain > 0
              ? String.format(
                  Locale.ROOT, "better than %s by %.2f%s", reference.phrase(), gain, unit)
              : gain < 0
                  ? String.format(
                      Locale.ROOT, "worse than %s by %.2f%s", reference.phrase(), -gain, unit)
                  : "level with " + reference.phrase();
      if (differences.size() == 1) {
        return String.format(
            Locale.ROOT,
            "%s: %s vs %s %s, %s (one seed, no spread known).",
            column,
            candidate.format(),
            reference.label(),
            teacher.format(),
            direction);
      }
      StringBuilder perSeed = new StringBuilder();
      for (int i = 0; i < differences.size(); i++) {
        perSeed
            .append(i == 0 ? "" : ", ")
            .append(String.format(Locale.ROOT, "%d: %+.2f", seeds.get(i), differences.get(i)));
      }
      String verdict =
          clearlyBetter() || clearlyWorse()
              ? String.format(Locale.ROOT, "more than twice the paired spread of %.2f", pairedStd())
              : String.format(
                  Locale.ROOT,
                  "within twice the paired spread of %.2f: not told apart from noise",
                  pairedStd());
      return String.format(
          Locale.ROOT,
          "%s: %s vs %s %s; minus its own seed's %s %+.2f ± %.2f (seed %s): %s on"
              + " average, better in %d of %d seeds, %s.",
          column,
          candidate.format(),
          reference.label(),
          teacher.format(),
          reference.label(),
          difference(),
          pairedStd(),
          perSeed,
          direction,
          wins(),
          differences.size(),
          verdict);
    }
  }
}
