package dev.bornagain.examples.report;

import com.google.common.collect.ImmutableList;
import dev.bornagain.core.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code report.md}: one row laid out like the paper's tables (Teacher, BAN-1..k, Ens*k),
 * each cell the mean ± sample standard deviation over the run's seeds, then the notes.
 */
public final class MarkdownReportWriter {

  /** Returns the results table alone, as printed on the console. */
  public String table(RunReport report) {
    List<String> columns = new ArrayList<>(report.generationNames());
    columns.addAll(report.ensembleNames());
    StringBuilder out = new StringBuilder();
    out.append("| network |");
    columns.forEach(c -> out.append(' ').append(displayName(c)).append(" |"));
    out.append('\n').append("|---|");
    columns.forEach(c -> out.append("---|"));
    out.append('\n').append("| ").append(report.model()).append(" |");
    for (String column : columns) {
      ImmutableList<Double> values = report.testValues(column);
      out.append(' ').append(values.isEmpty() ? "-" : Summary.of(values).format());
      if (!values.isEmpty() && values.size() < report.seeds().size()) {
        // A run that chose its number of generations: not every seed reached this column.
        out.append(
            String.format(Locale.ROOT, " (%d of %d seeds)", values.size(), report.seeds().size()));
      }
      out.append(" |");
    }
    return out.append('\n').toString();
  }

  /** Returns the whole report as Markdown. */
  public String toMarkdown(RunReport report) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "# %s, %s, loss %s%n%nTest %s%s, mean ± std over %d seed(s) %s.%n%n",
            report.dataset(),
            report.model(),
            report.loss(),
            report.metric().label().toLowerCase(Locale.ROOT),
            report.metric().unit().isEmpty() ? "" : " (" + report.metric().unit() + ")",
            report.seeds().size(),
            report.seeds()));
    out.append(table(report));
    if (!report.stops().isEmpty()) {
      out.append('\n').append("Generations chosen on validation:\n");
      report
          .stops()
          .forEach(
              stop ->
                  out.append("- seed ")
                      .append(stop.runSeed())
                      .append(": ")
                      .append(stop.reason())
                      .append('\n'));
    }
    if (!report.notes().isEmpty()) {
      out.append('\n');
      report.notes().forEach(n -> out.append("- ").append(n).append('\n'));
    }
    return out.toString();
  }

  /** Writes the report atomically to {@code file}. */
  public void write(RunReport report, Path file) throws IOException {
    AtomicFiles.writeString(file, toMarkdown(report));
  }

  private static String displayName(String column) {
    return column.equals("teacher") ? "Teacher" : column;
  }
}
