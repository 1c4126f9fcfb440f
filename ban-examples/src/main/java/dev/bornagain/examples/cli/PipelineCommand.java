package dev.bornagain.examples.cli;

import dev.bornagain.core.optim.SgdSettings;
import dev.bornagain.examples.pipeline.BornAgainPipeline;
import dev.bornagain.examples.pipeline.PipelineSettings;
import dev.bornagain.examples.pipeline.PreparedData;
import dev.bornagain.examples.report.PlotWriter;
import dev.bornagain.examples.report.ReportWriter;
import dev.bornagain.examples.report.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every dataset command does: read its options into {@link PipelineSettings}, prepare the
 * data, run the {@link BornAgainPipeline}, and print the results table, the notes and where the
 * reports went (only the table with {@code --quiet}). Progress goes to standard error.
 */
abstract class PipelineCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin TrainingOptions training;

  /** Returns the dataset's optimizer recipe (momentum, Nesterov, weight decay). */
  abstract SgdSettings recipe();

  /**
   * Reads the dataset.
   *
   * @param settings the settings (batch size, subsets)
   * @return the splits
   * @throws IOException if the data cannot be read
   */
  abstract PreparedData prepare(PipelineSettings settings) throws IOException;

  /**
   * Checks the command's own options, before any data is read.
   *
   * @throws IllegalArgumentException if one is out of range
   */
  void checkOwnOptions() {}

  /** Returns notes placed in the report before the verdict; none by default. */
  List<String> contextNotes(PipelineSettings settings, PreparedData data) {
    return List.of();
  }

  private static final String QUIET_LOG_PROPERTY = "org.slf4j.simpleLogger.log.dev.bornagain";

  @Override
  public Integer call() {
    return CommandFailures.run(
        spec,
        () -> {
          PipelineSettings settings =
              CommandFailures.checkInput(
                  () -> {
                    checkOwnOptions();
                    return training.settings(recipe());
                  });
          if (settings.quiet()) {
            // slf4j-simple reads a logger's level when the logger is made, which is later: the
            // library's classes load when the run starts.
            System.setProperty(QUIET_LOG_PROPERTY, "warn");
          }
          long start = System.nanoTime();
          PreparedData data = prepare(settings);
          CommandFailures.checkInput(() -> BornAgainPipeline.checkCompatible(settings, data));
          StopNotice stopNotice = new StopNotice(System.err).install();
          RunReport report;
          try {
            report =
                new BornAgainPipeline(System.err)
                    .listener(stopNotice)
                    .run(settings, data, contextNotes(settings, data));
          } finally {
            stopNotice.uninstall();
          }
          print(report, settings, (System.nanoTime() - start) / 1e9);
          return 0;
        });
  }

  private void print(RunReport report, PipelineSettings settings, double seconds) {
    PrintWriter out = spec.commandLine().getOut();
    printReport(out, report, settings.quiet(), settings.output());
    if (!settings.quiet()) {
      out.printf(
          Locale.ROOT,
          "Finished in %.0f s on %s.%n",
          seconds,
          MachineDescription.current().describe());
    }
    out.flush();
  }

  /**
   * Prints a report as the pipeline commands do: a heading, the results table, the notes and where
   * the report files are (only the table when quiet).
   */
  static void printReport(PrintWriter out, RunReport report, boolean quiet, Path output) {
    if (!quiet) {
      out.println();
      out.printf(
          Locale.ROOT,
          "Test %s%s on %s, students trained with %s; %s:%n",
          report.metric().label().toLowerCase(Locale.ROOT),
          report.metric().unit().isEmpty() ? "" : " (" + report.metric().unit() + ")",
          report.dataset(),
          report.loss(),
          report.seeds().size() == 1
              ? "one seed (" + report.seeds().get(0) + ")"
              : "mean ± std over seeds " + report.seeds());
    }
    out.print(new ReportWriter().table(report));
    if (!quiet) {
      out.println();
      report.notes().forEach(note -> out.println("- " + note));
      List<String> files = new ArrayList<>(List.of("report.md", "report.json"));
      files.addAll(PlotWriter.FILES);
      out.println();
      out.println("Reports in " + output.toAbsolutePath() + ": " + String.join(", ", files));
    }
    out.flush();
  }

  /**
   * Refuses a value below a minimum.
   *
   * @throws IllegalArgumentException naming the option
   */
  static void requireAtLeast(String option, int value, int minimum) {
    if (value < minimum) {
      throw new IllegalArgumentException(option + " must be >= " + minimum + " but was " + value);
    }
  }
}
