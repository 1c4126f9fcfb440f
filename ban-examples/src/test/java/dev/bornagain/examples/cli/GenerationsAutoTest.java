package dev.bornagain.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.bornagain.datasets.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --generations auto} end to end: each seed's run stops where its validation values say, the
 * report lists where and why, and the columns and ensembles follow each seed's own stop.
 */
final class GenerationsAutoTest {

  @TempDir Path output;

  @Test
  void demo_eachSeedStopsWhereItsValidationSays_andTheReportSaysWhere() throws IOException {
    CommandRun run =
        CommandRun.of(
            CommandRun.DEMO_128,
            "--generations",
            "auto",
            "--max-generations",
            "3",
            "--seeds",
            "1,2,3",
            "--output",
            output.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Ens*auto+T |");
    JsonObject report = CommandRun.report(output);
    JsonArray stops = report.getAsJsonArray("generationStops");
    assertThat(stops).hasSize(3);
    for (JsonElement element : stops) {
      JsonObject stop = element.getAsJsonObject();
      long seed = stop.get("runSeed").getAsLong();
      List<Double> validation = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (JsonElement g : report.getAsJsonArray("generations")) {
        if (g.getAsJsonObject().get("runSeed").getAsLong() == seed) {
          names.add(g.getAsJsonObject().get("name").getAsString());
          validation.add(g.getAsJsonObject().get("validationError").getAsDouble());
        }
      }
      int students = names.size() - 1;
      assertThat(stop.get("lastTrained").getAsString()).isEqualTo(names.get(students));
      // Every student but the last improved on the best before it; the last did not, or was the
      // third and last allowed.
      for (int k = 1; k < students; k++) {
        assertThat(validation.get(k))
            .as("seed %s, BAN-%s", seed, k)
            .isLessThan(min(validation.subList(0, k)));
      }
      boolean lastImproved = validation.get(students) < min(validation.subList(0, students));
      if (lastImproved) {
        assertThat(students).as("seed %s stopped while improving", seed).isEqualTo(3);
      }
      int best = validation.indexOf(min(validation));
      assertThat(stop.get("best").getAsString()).isEqualTo(names.get(best));
      assertThat(stop.get("validationError").getAsDouble()).isEqualTo(validation.get(best));
      assertThat(stop.get("reason").getAsString()).startsWith("stopped ");
      assertThat(ensembleMembers(report, "Ens*auto+T", seed)).isEqualTo(names);
    }
    assertThat(Files.readString(output.resolve("report.md"), StandardCharsets.UTF_8))
        .contains("Generations chosen on validation:\n- seed 1: stopped ")
        .contains("Generations chosen on validation (--generations auto, at most 3)");

    // Ens*auto+T exports the seed's own ensemble: the teacher and every student it trained.
    Path model = output.resolve("ens-auto");
    CommandRun export = CommandRun.export(output, 2, "Ens*auto+T", model);
    assertThat(export.exitCode()).as(export.err()).isZero();
    assertThat(Files.readString(model.resolve("serving.properties"), StandardCharsets.UTF_8))
        .contains("members=" + String.join(",", ensembleMembers(report, "Ens*auto+T", 2)));
  }

  @Test
  void ensAuto_ofARunWithAFixedNumberOfGenerations_isRefusedByName() {
    CommandRun run =
        CommandRun.of(
            CommandRun.DEMO_64,
            "--generations",
            "1",
            "--seeds",
            "1",
            "--quiet",
            "--output",
            output.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();

    CommandRun export = CommandRun.export(output, 1, "Ens*auto+T", output.resolve("x"));
    assertThat(export.exitCode()).isEqualTo(CommandFailures.BAD_INPUT);
    assertThat(export.errorLines())
        .singleElement()
        .asString()
        .contains("member Ens*auto+T is for runs made with --generations auto")
        .contains("no generation stop for seed 1");
  }

  @Test
  void ptb_comparesValidationLoss_andReportsThePerplexity() throws IOException {
    CommandRun run =
        CommandRun.of(
            CommandRun.ptbFewBatches(SharedData.folder("ptb"), 800),
            "--generations",
            "auto",
            "--max-generations",
            "1",
            "--epochs",
            "1",
            "--warmup-epochs",
            "0",
            "--output",
            output.toString(),
            "--quiet");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonObject report = CommandRun.report(output);
    JsonObject stop = report.getAsJsonArray("generationStops").get(0).getAsJsonObject();
    assertThat(stop.get("reason").getAsString()).contains("validation loss");
    double best = Double.NaN;
    for (JsonElement g : report.getAsJsonArray("generations")) {
      if (g.getAsJsonObject().get("name").getAsString().equals(stop.get("best").getAsString())) {
        best = g.getAsJsonObject().get("validationPerplexity").getAsDouble();
      }
    }
    assertThat(stop.get("validationPerplexity").getAsDouble()).isCloseTo(best, within(1e-9));
  }

  @Test
  void maxGenerationsWithoutAuto_orAWordOtherThanAuto_failsWithOneLine() {
    assertThat(CommandRun.of("demo", "--generations", "2", "--max-generations", "4").errorLines())
        .singleElement()
        .asString()
        .isEqualTo(
            "ban demo: --max-generations goes with --generations auto, but --generations is 2");
    assertThat(CommandRun.of("demo", "--generations", "many").errorLines())
        .singleElement()
        .asString()
        .isEqualTo("ban demo: --generations takes a number or auto, but was 'many'");
    assertThat(
            CommandRun.of("demo", "--generations", "auto", "--max-generations", "0").errorLines())
        .singleElement()
        .asString()
        .contains("generations must be >= 1 but was 0");
  }

  private static org.assertj.core.data.Offset<Double> within(double offset) {
    return org.assertj.core.data.Offset.offset(offset);
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }

  private static List<String> ensembleMembers(JsonObject report, String name, long seed) {
    for (JsonElement e : report.getAsJsonArray("ensembles")) {
      JsonObject ensemble = e.getAsJsonObject();
      if (ensemble.get("name").getAsString().equals(name)
          && ensemble.get("runSeed").getAsLong() == seed) {
        List<String> members = new ArrayList<>();
        ensemble.getAsJsonArray("members").forEach(m -> members.add(m.getAsString()));
        return members;
      }
    }
    throw new AssertionError("no " + name + " for seed " + seed);
  }
}
