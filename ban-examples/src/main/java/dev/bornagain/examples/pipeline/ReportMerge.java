package dev.bornagain.examples.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.stream.Collectors.joining;

import com.google.common.collect.ImmutableList;
import dev.bornagain.examples.report.EnsembleReport;
import dev.bornagain.examples.report.GenerationReport;
import dev.bornagain.examples.report.JsonReportReader;
import dev.bornagain.examples.report.ReportWriter;
import dev.bornagain.examples.report.RunReport;
import dev.bornagain.examples.report.StopReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Combines the reports of runs that differ only in their seeds, say {@code --seeds 1,2} on one
 * machine and {@code --seeds 3,4,5} on another, into one report paired by seed, as if one process
 * had run every seed: the same columns, the notes recomputed over all the seeds. Runs whose
 * settings differ in anything but the seeds are refused, naming each difference.
 */
public final class ReportMerge {

  private ReportMerge() {}

  /**
   * Reads and merges the reports of several runs' output directories, in the order given.
   *
   * @param runs output directories, each holding a finished run's {@code report.json}
   * @return the merged report
   * @throws IOException if a report is missing or unreadable
   * @throws IllegalArgumentException if no run is given, a report records no settings, the runs'
   *     settings differ, or two runs share a seed
   */
  public static RunReport merge(List<Path> runs) throws IOException {
    checkArgument(!runs.isEmpty(), "nothing to merge: name at least one run's output directory");
    JsonReportReader reader = new JsonReportReader();
    List<RunReport> reports = new ArrayList<>();
    for (Path run : runs) {
      RunReport report = reader.read(run.resolve(ReportWriter.JSON));
      checkArgument(
          !report.settings().isEmpty(),
          "%s records no settings (written before reports recorded them), so it cannot be checked"
              + " against the other runs; run it again with this version",
          run.resolve(ReportWriter.JSON));
      reports.add(report);
    }
    RunReport first = reports.get(0);
    Map<Long, Path> seedOwners = new LinkedHashMap<>();
    for (int i = 0; i < reports.size(); i++) {
      RunReport report = reports.get(i);
      List<String> differences = differences(first, report);
      checkArgument(
          differences.isEmpty(),
          "%s and %s were run with different settings, so their seeds cannot be paired in one"
              + " report:%n  %s",
          runs.get(0),
          runs.get(i),
          String.join(System.lineSeparator() + "  ", differences));
      for (long seed : report.seeds()) {
        Path owner = seedOwners.putIfAbsent(seed, runs.get(i));
        checkArgument(
            owner == null,
            "seed %s is in both %s and %s: each seed once",
            seed,
            owner,
            runs.get(i));
      }
    }
    ImmutableList.Builder<Long> seeds = ImmutableList.builder();
    ImmutableList.Builder<GenerationReport> generations = ImmutableList.builder();
    ImmutableList.Builder<EnsembleReport> ensembles = ImmutableList.builder();
    ImmutableList.Builder<StopReport> stops = ImmutableList.builder();
    for (RunReport report : reports) {
      seeds.addAll(report.seeds());
      generations.addAll(report.generations());
      ensembles.addAll(report.ensembles());
      stops.addAll(report.stops());
    }
    RunReport merged =
        new RunReport(
            first.dataset(),
            first.model(),
            first.loss(),
            first.metric(),
            seeds.build(),
            generations.build(),
            ensembles.build(),
            ImmutableList.of(),
            stops.build(),
            first.settings());
    List<String> notes = new ArrayList<>();
    for (String line : context(first)) {
      // The first shard scored its own seeds' reused teachers: score them over every shard.
      if (line.startsWith(BornAgainPipeline.REUSED_TEACHERS)) {
        notes.addAll(BornAgainPipeline.reusedTeachersNote(first.metric(), merged.generations()));
      } else if (line.contains(BornAgainPipeline.TEACHERS_REUSED_FROM)) {
        notes.add(withEveryTeacherRun(line, reports));
      } else {
        notes.add(line);
      }
    }
    notes.addAll(ReportNotes.of(merged));
    return merged.withNotes(notes);
  }

  /**
   * The first shard's recipe line naming the teacher run of every shard, which the settings check
   * let differ in path only, with the seeds each one gave.
   */
  private static String withEveryTeacherRun(String line, List<RunReport> reports) {
    List<String> runs = new ArrayList<>();
    for (RunReport report : reports) {
      String own =
          context(report).stream()
              .filter(l -> l.contains(BornAgainPipeline.TEACHERS_REUSED_FROM))
              .findFirst()
              .orElse(line);
      String path = teacherRun(own);
      runs.add(
          reports.size() == 1
              ? path
              : String.format(
                  Locale.ROOT,
                  "%s (seed%s %s)",
                  path,
                  report.seeds().size() == 1 ? "" : "s",
                  report.seeds().stream().map(String::valueOf).collect(joining(", "))));
    }
    return line.substring(0, teacherRunStart(line))
        + String.join(", ", runs)
        + line.substring(teacherRunEnd(line));
  }

  private static String teacherRun(String line) {
    return line.substring(teacherRunStart(line), teacherRunEnd(line));
  }

  private static int teacherRunStart(String line) {
    return line.indexOf(BornAgainPipeline.TEACHERS_REUSED_FROM)
        + BornAgainPipeline.TEACHERS_REUSED_FROM.length();
  }

  private static int teacherRunEnd(String line) {
    return line.lastIndexOf(BornAgainPipeline.STUDENTS_WITH);
  }

  /** The lines before a report's verdict: its data and recipe, which every shard shares. */
  private static List<String> context(RunReport report) {
    int verdict = ReportNotes.of(report).size();
    return report.notes().subList(0, Math.max(0, report.notes().size() - verdict));
  }

  private static List<String> differences(RunReport first, RunReport other) {
    List<String> differences = new ArrayList<>();
    compare(differences, "dataset", first.dataset(), other.dataset());
    compare(differences, "model", first.model(), other.model());
    compare(differences, "loss", first.loss(), other.loss());
    compare(differences, "metric", first.metric().name(), other.metric().name());
    for (String key : union(first, other)) {
      compare(differences, key, first.settings().get(key), other.settings().get(key));
    }
    return differences;
  }

  private static TreeSet<String> union(RunReport first, RunReport other) {
    TreeSet<String> keys = new TreeSet<>(first.settings().keySet());
    keys.addAll(other.settings().keySet());
    return keys;
  }

  private static void compare(List<String> differences, String field, String a, String b) {
    if (!Objects.equals(a, b)) {
      differences.add(
          field + ": " + (a == null ? "(absent)" : a) + " against " + (b == null ? "(absent)" : b));
    }
  }
}
