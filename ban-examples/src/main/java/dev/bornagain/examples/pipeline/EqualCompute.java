package dev.bornagain.examples.pipeline;

import dev.bornagain.core.IndependentBaselines;
import dev.bornagain.examples.pipeline.ReportNotes.Comparison;
import dev.bornagain.examples.pipeline.ReportNotes.Reference;
import dev.bornagain.examples.report.RunReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The notes of a run with independent baselines: each born-again column against its rival for the
 * same number of networks trained, paired by seed ({@code BAN-k} against {@code KD(Ind*k)}, {@code
 * Ens*k+T} against {@code Ind*(k+1)}), and the baselines' own distance from the teacher ({@code
 * Ind-m} minus the teacher is the seed noise of the teacher's recipe).
 */
final class EqualCompute {

  private EqualCompute() {}

  /** A born-again column and its equal-compute rival. */
  record Pair(String column, String rival) {}

  /**
   * Writes the notes, or none for a run without baselines.
   *
   * @param report the report
   * @param teacher the teacher's test values by seed
   * @param unit " points" or ""
   * @return the lines
   */
  static List<String> notes(RunReport report, Map<Long, Double> teacher, String unit) {
    List<Pair> pairs = pairs(report);
    if (pairs.isEmpty()) {
      return List.of();
    }
    List<String> notes = new ArrayList<>();
    List<String> baselines = new ArrayList<>(report.generationNames());
    baselines.addAll(report.ensembleNames());
    baselines.removeIf(name -> !IndependentBaselines.isBaseline(name));
    for (String column : baselines) {
      notes.add(
          Comparison.of(teacher, report.testValuesBySeed(column))
              .describe(column, ReportNotes.TEACHER, unit));
    }
    int better = 0;
    int worse = 0;
    List<String> names = new ArrayList<>();
    for (Pair pair : pairs) {
      Comparison comparison =
          Comparison.of(
              report.testValuesBySeed(pair.rival()), report.testValuesBySeed(pair.column()));
      notes.add(
          "Equal compute, " + comparison.describe(pair.column(), Reference.of(pair.rival()), unit));
      better += comparison.clearlyBetter() ? 1 : 0;
      worse += comparison.clearlyWorse() ? 1 : 0;
      names.add(pair.column() + " vs " + pair.rival());
    }
    notes.add(
        String.format(
            Locale.ROOT,
            "At equal compute (%s): %d of %d born-again columns beat their rival by more than twice"
                + " the paired spread, %d %s beaten by theirs; the rest are not told apart from"
                + " noise.%s",
            String.join(", ", names),
            better,
            pairs.size(),
            worse,
            worse == 1 ? "was" : "were",
            better > 0
                ? ""
                : worse > 0
                    ? " The same training time spent on independent networks does better."
                    : " Where no born-again column wins, the same training time spent on"
                        + " independent networks does as well."));
    return notes;
  }

  /** The pairs whose two columns are both in the report. */
  static List<Pair> pairs(RunReport report) {
    List<Pair> pairs = new ArrayList<>();
    List<String> columns = new ArrayList<>(report.generationNames());
    columns.addAll(report.ensembleNames());
    for (String column : columns) {
      String rival = rivalOf(column);
      if (rival != null && columns.contains(rival)) {
        pairs.add(new Pair(column, rival));
      }
    }
    return pairs;
  }

  /** KD(Ind*k) for BAN-k, Ind*(k+1) for Ens*k+T, Ind*auto for Ens*auto+T; null otherwise. */
  static String rivalOf(String column) {
    if (column.matches("BAN-\\d+")) {
      int k = Integer.parseInt(column.substring("BAN-".length()));
      return k >= 2 ? IndependentBaselines.distilledName(k) : null;
    }
    String suffix = BornAgainPipeline.WITH_TEACHER_SUFFIX;
    if (column.startsWith("Ens*") && column.endsWith(suffix)) {
      String size = column.substring("Ens*".length(), column.length() - suffix.length());
      if (size.equals(BornAgainPipeline.AUTO)) {
        return "Ind*" + BornAgainPipeline.AUTO;
      }
      return size.matches("\\d+")
          ? IndependentBaselines.ensembleName(Integer.parseInt(size) + 1)
          : null;
    }
    return null;
  }
}
