package dev.bornagain.examples.report;

import java.io.IOException;
import java.nio.file.Path;

/** Writes the three kinds of report of a run into one output directory. */
public final class ReportWriter {

  /** The name of the JSON report in a run's output directory. */
  public static final String JSON = "report.json";

  private final JsonReportWriter json = new JsonReportWriter();
  private final MarkdownReportWriter markdown = new MarkdownReportWriter();
  private final PlotWriter plots = new PlotWriter();

  /**
   * Writes {@code report.json}, {@code report.md} and the PNG plots into {@code directory}.
   *
   * @throws IOException if a file cannot be written; files already written stay complete
   */
  public void write(RunReport report, Path directory) throws IOException {
    json.write(report, directory.resolve(JSON));
    markdown.write(report, directory.resolve("report.md"));
    plots.write(report, directory);
  }

  /** Returns the console form of the results table. */
  public String table(RunReport report) {
    return markdown.table(report);
  }
}
