package dev.bornagain.examples.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ReportWriterTest {

  @TempDir Path directory;

  /** Two seeds, teacher + 2 generations + Ens*2, with hand-picked test errors. */
  private static RunReport twoSeeds(Metric metric) {
    List<GenerationReport> generations = new ArrayList<>();
    List<EnsembleReport> ensembles = new ArrayList<>();
    double[][] errors = {{10.0, 9.0, 8.5}, {12.0, 10.0, 9.5}};
    long[] seeds = {1, 2};
    String[] names = {"teacher", "BAN-1", "BAN-2"};
    for (int s = 0; s < seeds.length; s++) {
      for (int g = 0; g < names.length; g++) {
        List<EpochReport> epochs =
            List.of(
                new EpochReport(1, 2.0, errors[s][g] + 5, 0.1f),
                new EpochReport(2, 1.0, errors[s][g], 0.02f));
        generations.add(
            GenerationReport.of(
                names[g], seeds[s], 100 * seeds[s] + g, errors[s][g], errors[s][g] + 1, epochs));
      }
      ensembles.add(
          new EnsembleReport(
              "Ens*2", seeds[s], ImmutableList.of("BAN-1", "BAN-2"), errors[s][2] - 1));
    }
    return new RunReport(
        "synthetic",
        "tiny",
        "ban",
        metric,
        ImmutableList.of(1L, 2L),
        ImmutableList.copyOf(generations),
        ImmutableList.copyOf(ensembles),
        ImmutableList.of("a note"));
  }

  @Test
  void json_holdsEveryGenerationAndSeedWithItsCurve() throws IOException {
    new ReportWriter().write(twoSeeds(Metric.ERROR_PERCENT), directory);

    JsonObject root =
        JsonParser.parseString(Files.readString(directory.resolve("report.json")))
            .getAsJsonObject();
    assertThat(root.get("dataset").getAsString()).isEqualTo("synthetic");
    assertThat(root.getAsJsonArray("seeds")).hasSize(2);
    assertThat(root.getAsJsonArray("generations")).hasSize(6);
    JsonObject ban1 = root.getAsJsonArray("generations").get(1).getAsJsonObject();
    assertThat(ban1.get("name").getAsString()).isEqualTo("BAN-1");
    assertThat(ban1.get("testError").getAsDouble()).isEqualTo(9.0);
    assertThat(ban1.get("validationError").getAsDouble()).isEqualTo(10.0);
    assertThat(ban1.getAsJsonArray("epochs")).hasSize(2);
    assertThat(
            ban1.getAsJsonArray("epochs").get(0).getAsJsonObject().get("trainLoss").getAsDouble())
        .isEqualTo(2.0);
    JsonObject ensemble = root.getAsJsonArray("ensembles").get(0).getAsJsonObject();
    assertThat(ensemble.get("name").getAsString()).isEqualTo("Ens*2");
    assertThat(ensemble.getAsJsonArray("members").toString()).isEqualTo("[\"BAN-1\",\"BAN-2\"]");
  }

  @Test
  void json_usesPerplexityFieldsForLanguageModels() {
    String json = new JsonReportWriter().toJson(twoSeeds(Metric.PERPLEXITY));

    assertThat(json).contains("\"testPerplexity\"", "\"validationPerplexity\"");
    assertThat(json).doesNotContain("\"testError\"");
  }

  @Test
  void table_showsMeanAndSampleStdOverSeeds() {
    String table = new MarkdownReportWriter().table(twoSeeds(Metric.ERROR_PERCENT));

    // teacher: 10 and 12 -> mean 11, sample std sqrt(2) = 1.41; BAN-1: 9.5 ± 0.71; Ens*2: 8.0 ±
    // 0.71
    assertThat(table).contains("| network | Teacher | BAN-1 | BAN-2 | Ens*2 |");
    assertThat(table).contains("| tiny | 11.00 ± 1.41 | 9.50 ± 0.71 | 9.00 ± 0.71 | 8.00 ± 0.71 |");
  }

  @Test
  void write_createsThreeReportKindsAndPngPlots() throws IOException {
    new ReportWriter().write(twoSeeds(Metric.ERROR_PERCENT), directory);

    assertThat(Files.readString(directory.resolve("report.md"), StandardCharsets.UTF_8))
        .contains("mean ± std over 2 seed(s)", "- a note");
    for (String plot : PlotWriter.FILES) {
      byte[] bytes = Files.readAllBytes(directory.resolve(plot));
      assertThat(bytes.length).as(plot).isGreaterThan(1000);
      assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).as(plot).isEqualTo("PNG");
    }
    try (var files = Files.list(directory)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp"));
    }
  }

  @Test
  void summary_refusesEmptyColumn() {
    assertThatThrownBy(() -> Summary.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nothing to summarise");
  }

  @Test
  void chosenGenerations_areListedPerSeed_andAColumnFewerSeedsReachedSaysSo() {
    RunReport full = twoSeeds(Metric.ERROR_PERCENT);
    // Seed 2 stopped after BAN-1: drop its BAN-2 and Ens*2.
    List<GenerationReport> generations =
        full.generations().stream()
            .filter(g -> !(g.runSeed() == 2 && g.name().equals("BAN-2")))
            .toList();
    List<EnsembleReport> ensembles =
        full.ensembles().stream().filter(e -> e.runSeed() == 1).toList();
    RunReport report =
        withResults(
            full,
            generations,
            ensembles,
            List.of(
                new StopReport(1, "BAN-2", "BAN-2", 9.5, "stopped at the maximum of 2 generations"),
                new StopReport(2, "BAN-1", "teacher", 13.0, "stopped after BAN-1: ...")));

    assertThat(new MarkdownReportWriter().table(report))
        .contains(
            "| tiny | 11.00 ± 1.41 | 9.50 ± 0.71 | 8.50 (1 of 2 seeds) | 7.50 (1 of 2 seeds) |");
    assertThat(new MarkdownReportWriter().toMarkdown(report))
        .contains(
            "Generations chosen on validation:\n"
                + "- seed 1: stopped at the maximum of 2 generations\n"
                + "- seed 2: stopped after BAN-1: ...\n");
    JsonObject json =
        JsonParser.parseString(new JsonReportWriter().toJson(report)).getAsJsonObject();
    JsonObject stop = json.getAsJsonArray("generationStops").get(1).getAsJsonObject();
    assertThat(stop.get("runSeed").getAsLong()).isEqualTo(2);
    assertThat(stop.get("lastTrained").getAsString()).isEqualTo("BAN-1");
    assertThat(stop.get("best").getAsString()).isEqualTo("teacher");
    assertThat(stop.get("validationError").getAsDouble()).isEqualTo(13.0);
    assertThat(
            JsonParser.parseString(new JsonReportWriter().toJson(full))
                .getAsJsonObject()
                .has("generationStops"))
        .isFalse();
  }

  @Test
  void ensembleColumns_putTheOnesWithTheTeacherLast_whateverTheSeedOrder() {
    RunReport full = twoSeeds(Metric.ERROR_PERCENT);
    RunReport report =
        withResults(
            full,
            full.generations(),
            List.of(
                new EnsembleReport("Ens*2", 1, ImmutableList.of("BAN-1", "BAN-2"), 8),
                new EnsembleReport("Ens*auto+T", 1, ImmutableList.of("teacher", "BAN-1"), 8),
                new EnsembleReport("Ens*3", 2, ImmutableList.of("BAN-1", "BAN-2", "BAN-3"), 8)),
            List.of());

    assertThat(report.ensembleNames()).containsExactly("Ens*2", "Ens*3", "Ens*auto+T");
  }

  /** The report's run with other generations, ensembles and generation stops, and no notes. */
  private static RunReport withResults(
      RunReport full,
      List<GenerationReport> generations,
      List<EnsembleReport> ensembles,
      List<StopReport> stops) {
    return new RunReport(
        full.dataset(),
        full.model(),
        full.loss(),
        full.metric(),
        full.seeds(),
        ImmutableList.copyOf(generations),
        ImmutableList.copyOf(ensembles),
        ImmutableList.of(),
        ImmutableList.copyOf(stops));
  }
}
