package dev.bornagain.examples.report;

import com.google.common.collect.ImmutableList;
import dev.bornagain.core.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Draws the run's PNG plots with XChart: every generation's learning curves (validation value and
 * training loss per epoch, averaged over seeds) and the test value of each generation and ensemble
 * with the seeds' standard deviation as error bars.
 */
public final class PlotWriter {

  /** The file names this writer creates inside the output directory. */
  public static final ImmutableList<String> FILES =
      ImmutableList.of("learning-curves.png", "train-loss.png", "generations.png");

  static {
    // Plots are drawn off-screen; no display is needed (or present on servers and CI).
    System.setProperty("java.awt.headless", "true");
  }

  /** Writes all plots into {@code directory}. */
  public void write(RunReport report, Path directory) throws IOException {
    String metric = report.metric().label() + unitSuffix(report);
    save(
        curves(
            report,
            "Validation " + metric.toLowerCase(java.util.Locale.ROOT),
            metric,
            EpochReport::validation),
        directory.resolve(FILES.get(0)));
    save(
        curves(report, "Training loss", "loss", EpochReport::trainLoss),
        directory.resolve(FILES.get(1)));
    save(generations(report, metric), directory.resolve(FILES.get(2)));
  }

  private static String unitSuffix(RunReport report) {
    return report.metric().unit().isEmpty() ? "" : " (" + report.metric().unit() + ")";
  }

  private static XYChart curves(
      RunReport report, String title, String yTitle, ToDoubleFunction<EpochReport> value) {
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title(title + " by epoch, " + report.model() + " on " + report.dataset())
            .xAxisTitle("epoch")
            .yAxisTitle(yTitle)
            .build();
    for (String name : report.generationNames()) {
      List<GenerationReport> runs =
          report.generations().stream().filter(g -> g.name().equals(name)).toList();
      int epochs = runs.stream().mapToInt(g -> g.epochs().size()).min().orElse(0);
      if (epochs == 0) {
        continue;
      }
      double[] x = new double[epochs];
      double[] y = new double[epochs];
      for (int e = 0; e < epochs; e++) {
        int epoch = e;
        x[e] = runs.get(0).epochs().get(e).epoch();
        y[e] =
            runs.stream()
                .mapToDouble(g -> value.applyAsDouble(g.epochs().get(epoch)))
                .average()
                .orElseThrow();
      }
      chart.addSeries(name, x, y);
    }
    return chart;
  }

  private static CategoryChart generations(RunReport report, String yTitle) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(800)
            .height(500)
            .title(
                "Test "
                    + yTitle.toLowerCase(java.util.Locale.ROOT)
                    + " by generation, "
                    + report.model()
                    + " on "
                    + report.dataset())
            .xAxisTitle("generation / ensemble")
            .yAxisTitle(yTitle)
            .build();
    List<String> columns = new ArrayList<>(report.generationNames());
    columns.addAll(report.ensembleNames());
    List<Double> means = new ArrayList<>();
    List<Double> stds = new ArrayList<>();
    double lowest = Double.MAX_VALUE;
    for (String column : columns) {
      Summary summary = Summary.of(report.testValues(column));
      means.add(summary.mean());
      stds.add(summary.std());
      lowest = Math.min(lowest, summary.mean() - summary.std());
    }
    chart.addSeries("mean ± std over seeds", columns, means, stds);
    // Differences between generations are small: start the axis near the data, not at zero.
    chart.getStyler().setYAxisMin(Math.max(0, Math.floor(lowest * 0.95)));
    chart.getStyler().setLegendVisible(false);
    return chart;
  }

  private static void save(Chart<?, ?> chart, Path file) throws IOException {
    byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
    AtomicFiles.write(file, out -> out.write(png));
  }
}
