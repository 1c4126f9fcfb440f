package dev.bornagain.examples.cli;

import static dev.bornagain.examples.cli.CommandRun.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.bornagain.datasets.SharedData;
import dev.bornagain.examples.report.PlotWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dataset commands end to end for a few batches each, as CI runs them: real data from
 * shared/data (skipped with a reason where it is absent), the smallest models, one generation.
 */
final class PipelineCommandsTest {

  /** A few batches of the demo, one seed (the demo's default is three). */
  private static final List<String> TINY_DEMO = List.of(with(CommandRun.DEMO_64, "--seeds", "1"));

  @TempDir Path output;

  @Test
  void cifar10_fewBatchesOfTheSubsetFiles_writesEveryReport() throws IOException {
    CommandRun run =
        CommandRun.of(CommandRun.cifar10FewBatches(), "--output", output.toString(), "--quiet");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("| network | Teacher | BAN-1 | Ens*1+T |");
    for (String file : List.of("report.json", "report.md")) {
      assertThat(output.resolve(file)).isNotEmptyFile();
    }
    for (String plot : PlotWriter.FILES) {
      assertThat(output.resolve(plot)).isNotEmptyFile();
    }
    JsonObject report = CommandRun.report(output);
    assertThat(report.get("dataset").getAsString()).isEqualTo("cifar10");
    assertThat(names(report.getAsJsonArray("generations"))).containsExactly("teacher", "BAN-1");
    for (JsonElement generation : report.getAsJsonArray("generations")) {
      double error = generation.getAsJsonObject().get("testError").getAsDouble();
      assertThat(error).isBetween(0.0, 100.0);
      assertThat(generation.getAsJsonObject().getAsJsonArray("epochs")).hasSize(1);
    }
    JsonArray ensembles = report.getAsJsonArray("ensembles");
    assertThat(names(ensembles)).containsExactly("Ens*1+T");
    assertThat(ensembles.get(0).getAsJsonObject().get("testError").getAsDouble())
        .isBetween(0.0, 100.0);
  }

  @Test
  void ptb_fewBatches_reportsFinitePerplexities() throws IOException {
    CommandRun run =
        CommandRun.of(
            CommandRun.ptbFewBatches(SharedData.folder("ptb"), 800),
            "--generations",
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
    assertThat(report.get("metric").getAsString()).isEqualTo("PERPLEXITY");
    assertThat(report.get("loss").getAsString()).isEqualTo("ban+l(w=0.5)");
    List<JsonObject> scored = new ArrayList<>();
    report.getAsJsonArray("generations").forEach(g -> scored.add(g.getAsJsonObject()));
    report.getAsJsonArray("ensembles").forEach(e -> scored.add(e.getAsJsonObject()));
    assertThat(scored).hasSize(3);
    for (JsonObject entry : scored) {
      double perplexity = entry.get("testPerplexity").getAsDouble();
      assertThat(perplexity).isFinite().isGreaterThan(1.0);
    }
    JsonObject teacher = report.getAsJsonArray("generations").get(0).getAsJsonObject();
    assertThat(teacher.get("validationPerplexity").getAsDouble()).isFinite().isGreaterThan(1.0);
    assertThat(report.getAsJsonArray("notes").get(0).getAsString())
        .contains("SGD lr 20.0 (momentum 0.0, weight decay 0.0, gradient norm clipped to 0.25)");
  }

  @Test
  void fashionMnist_fewBatchesOfTheRealFiles_reportsErrors() throws IOException {
    Path data = SharedData.folder("fashion-mnist");

    CommandRun run =
        CommandRun.of(
            "fashion-mnist",
            "--data-dir",
            data.toString(),
            "--offline",
            "--train-subset",
            "256",
            "--eval-subset",
            "128",
            "--generations",
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
    assertThat(report.get("dataset").getAsString()).isEqualTo("fashion-mnist");
    assertThat(report.get("model").getAsString()).isEqualTo("cnn-small-grey");
    assertThat(names(report.getAsJsonArray("generations"))).containsExactly("teacher", "BAN-1");
  }

  @Test
  void demo_tinySlice_printsTableAndNotes() {
    CommandRun run =
        CommandRun.of(
            CommandRun.DEMO_128,
            "--generations",
            "2",
            "--seeds",
            "1",
            "--output",
            output.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("| network | Teacher | BAN-1 | BAN-2 | Ens*2 | Ens*2+T |")
        .contains("| cnn-3x2-grey |")
        .contains("- BAN-2: ")
        .contains("One seed: the spread between seeds is unknown")
        .contains("Reports in " + output.toAbsolutePath());
  }

  @Test
  void seeds_runOneAfterAnother_andAreReportedAsMeanAndStd() throws IOException {
    CommandRun run =
        CommandRun.of(
            CommandRun.DEMO_64,
            "--generations",
            "1",
            "--seeds",
            "3,4",
            "--output",
            output.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(output.resolve("checkpoints/seed-3")).isNotEmptyDirectory();
    assertThat(output.resolve("checkpoints/seed-4")).isNotEmptyDirectory();
    String row =
        run.out().lines().filter(l -> l.startsWith("| cnn-3x2-grey |")).findFirst().orElseThrow();
    assertThat(row.split("±", -1)).hasSize(4); // teacher, BAN-1 and Ens*1+T: mean ± std each
    assertThat(run.out()).contains("Over 2 seeds, ");
    JsonObject report = CommandRun.report(output);
    assertThat(report.getAsJsonArray("seeds").toString()).isEqualTo("[3,4]");
    assertThat(report.getAsJsonArray("generations")).hasSize(4);
  }

  @Test
  void cosineWarmUpAndLabelNoise_reachTheRunAndAreReported() throws IOException {
    CommandRun run =
        CommandRun.of(
            List.of("demo", "--train-subset", "64", "--eval-subset", "64", "--epochs", "2"),
            "--generations",
            "1",
            "--schedule",
            "cosine",
            "--warmup-epochs",
            "1",
            "--label-noise",
            "0.4",
            "--lr",
            "0.1",
            "--batch-size",
            "32",
            "--output",
            output.toString(),
            "--quiet");

    assertThat(run.exitCode()).as(run.err()).isZero();
    String report = Files.readString(output.resolve("report.md"), StandardCharsets.UTF_8);
    assertThat(report)
        .contains("40% of the training labels replaced by a uniformly drawn other class")
        .contains("validation and test labels clean")
        .contains(
            "linear warm-up over 1 epochs, then lr 0.1, cosine per step to 0.0 over 1 epochs");
    // The teacher's epochs start at the warm-up's first rate, base / (2 batches), then at the base.
    JsonArray epochs = generation(CommandRun.report(output), 0).getAsJsonArray("epochs");
    assertThat(epochs.get(0).getAsJsonObject().get("learningRate").getAsFloat()).isEqualTo(0.05f);
    assertThat(epochs.get(1).getAsJsonObject().get("learningRate").getAsFloat()).isEqualTo(0.1f);
  }

  @Test
  void ptb_refusesLabelNoise() {
    CommandRun run =
        CommandRun.of(
            "ptb",
            "--data-dir",
            output.toString(),
            "--offline",
            "--label-noise",
            "0.1",
            "--output",
            output.toString());
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("label noise (0.1) applies to image classes");
  }

  @Test
  void quiet_printsOnlyTheTable() {
    CommandRun run =
        CommandRun.of(TINY_DEMO, "--generations", "1", "--output", output.toString(), "--quiet");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().toList())
        .hasSize(3)
        .first()
        .isEqualTo("| network | Teacher | BAN-1 | Ens*1+T |");
  }

  @Test
  void demo_refusesExistingCheckpointsWithoutResume_andResumesWithIt() throws IOException {
    String[] args = with(TINY_DEMO, "--generations", "1", "--output", output.toString(), "--quiet");
    CommandRun first = CommandRun.of(args);
    assertThat(first.exitCode()).as(first.err()).isZero();
    String firstReport = Files.readString(output.resolve("report.json"), StandardCharsets.UTF_8);

    CommandRun refused = CommandRun.of(args);
    assertThat(refused.exitCode()).isEqualTo(CommandFailures.FAILED);
    assertThat(refused.errorLines())
        .singleElement()
        .asString()
        .contains("already holds checkpoints")
        .contains("--resume")
        .contains("--output");

    List<String> resumeArgs = new ArrayList<>(List.of(args));
    resumeArgs.add("--resume");
    CommandRun resumed = CommandRun.of(resumeArgs.toArray(String[]::new));
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out()).isEqualTo(first.out());
    assertThat(Files.readString(output.resolve("report.json"), StandardCharsets.UTF_8))
        .isEqualTo(firstReport);
  }

  @Test
  void demo_resumeAfterChangingTheLabelWeightOrTheTrainingSubset_isRefusedNamingTheField() {
    List<String> common =
        List.of(
            with(
                List.of(
                    "demo",
                    "--eval-subset",
                    "64",
                    "--epochs",
                    "1",
                    "--warmup-epochs",
                    "0",
                    "--seeds",
                    "1"),
                "--generations",
                "1",
                "--loss",
                "ban+l",
                "--output",
                output.toString(),
                "--quiet"));
    CommandRun first = CommandRun.of(common, "--train-subset", "64", "--label-weight", "0.5");
    assertThat(first.exitCode()).as(first.err()).isZero();

    CommandRun otherWeight =
        CommandRun.of(common, "--train-subset", "64", "--label-weight", "0.9", "--resume");
    assertThat(otherWeight.exitCode()).isEqualTo(CommandFailures.FAILED);
    assertThat(otherWeight.errorLines())
        .singleElement()
        .asString()
        .contains("different configuration")
        .contains(
            "loss: checkpoint has BAN+L(labelWeight=0.5), this run has BAN+L(labelWeight=0.9)");

    CommandRun otherSubset =
        CommandRun.of(common, "--train-subset", "96", "--label-weight", "0.5", "--resume");
    assertThat(otherSubset.exitCode()).isEqualTo(CommandFailures.FAILED);
    assertThat(otherSubset.errorLines())
        .singleElement()
        .asString()
        .contains("trainingData.samples: checkpoint has 64, this run has 96")
        .contains("trainingData.content");
  }

  @Test
  void teacherFrom_reusesTheEarlierRunsTeacherInsteadOfTrainingOne() throws IOException {
    Path first = output.resolve("ban");
    Path second = output.resolve("cwtm");
    List<String> common = List.of(with(CommandRun.DEMO_64, "--seeds", "5", "--quiet"));
    CommandRun teacherRun = CommandRun.of(common, "--output", first.toString());
    assertThat(teacherRun.exitCode()).as(teacherRun.err()).isZero();

    CommandRun reuse =
        CommandRun.of(
            common,
            "--generations",
            "1",
            "--loss",
            "cwtm",
            "--teacher-from",
            first.toString(),
            "--output",
            second.toString());

    assertThat(reuse.exitCode()).as(reuse.err()).isZero();
    JsonObject earlier = generation(CommandRun.report(first), 0);
    JsonObject reused = generation(CommandRun.report(second), 0);
    // The same parameters scored on the same test images: the same error, and no training.
    assertThat(reused.get("testError").getAsDouble())
        .isEqualTo(earlier.get("testError").getAsDouble());
    assertThat(reused.getAsJsonArray("epochs")).isEmpty();
    // This run scores the reused teacher on validation: the value is reported, not NaN.
    assertThat(reused.get("validationError").getAsDouble())
        .isEqualTo(earlier.get("validationError").getAsDouble());
    assertThat(second.resolve("checkpoints/seed-5/generation-0")).doesNotExist();
    assertThat(generation(CommandRun.report(second), 1).getAsJsonArray("epochs")).hasSize(1);
    assertThat(Files.readString(second.resolve("report.md"), StandardCharsets.UTF_8))
        .contains("the teachers are reused from " + first)
        .contains(
            String.format(
                Locale.ROOT,
                "The reused teachers' validation error (%%), scored by this run: %.2f (seed 5:"
                    + " %.2f)",
                earlier.get("validationError").getAsDouble(),
                earlier.get("validationError").getAsDouble()));
  }

  @Test
  void teacherFrom_aRunOfAnotherModel_failsNamingBothPresets() throws IOException {
    Path earlier = Files.createDirectories(output.resolve("resnet"));
    Files.writeString(earlier.resolve("report.json"), "{\"model\": \"resnet-20\"}");

    CommandRun run =
        CommandRun.of(
            "demo",
            "--train-subset",
            "64",
            "--seeds",
            "1",
            "--teacher-from",
            earlier.toString(),
            "--output",
            output.resolve("out").toString());

    assertThat(run.exitCode()).isEqualTo(CommandFailures.FAILED);
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .contains("the teachers in " + earlier + " are resnet-20 networks")
        .contains("this run trains cnn-3x2-grey");
  }

  @Test
  void teacherFrom_aRunWithoutThatSeed_failsNamingTheMissingFile() throws IOException {
    Path empty = Files.createDirectories(output.resolve("no-run"));

    CommandRun run =
        CommandRun.of(
            "demo",
            "--train-subset",
            "64",
            "--seeds",
            "7",
            "--teacher-from",
            empty.toString(),
            "--output",
            output.resolve("out").toString());

    assertThat(run.exitCode()).isEqualTo(CommandFailures.FAILED); // a missing file, as for data
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .contains("no trained teacher for seed 7")
        .contains(empty.resolve("checkpoints/seed-7/generation-0/final.parameters").toString());
    assertThat(output.resolve("out/checkpoints")).doesNotExist();
  }

  @Test
  void unknownModel_failsWithOneLine() {
    CommandRun run = CommandRun.of("demo", "--model", "no-such-net", "--output", output.toString());

    assertThat(run.exitCode()).isEqualTo(CommandFailures.BAD_INPUT);
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .startsWith("ban demo: unknown model preset 'no-such-net'");
    assertThat(output).isEmptyDirectory();
  }

  @Test
  void modelForAnotherInput_failsWithOneLine() {
    CommandRun run =
        CommandRun.of(
            "demo", "--model", "resnet-20", "--train-subset", "64", "--output", output.toString());

    assertThat(run.exitCode()).isEqualTo(CommandFailures.BAD_INPUT);
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .contains("resnet-20 takes RGB_32 input");
  }

  @Test
  void nonPositiveNumbers_failWithOneLine() {
    assertThat(CommandRun.of("demo", "--epochs", "0").errorLines())
        .singleElement()
        .asString()
        .isEqualTo("ban demo: epochs must be >= 1 but was 0");
    assertThat(CommandRun.of("demo", "--batch-size", "-3").exitCode())
        .isEqualTo(CommandFailures.BAD_INPUT);
    assertThat(CommandRun.of("ptb", "--bptt", "0").errorLines())
        .singleElement()
        .asString()
        .isEqualTo("ban ptb: --bptt must be >= 1 but was 0");
    assertThat(CommandRun.of("demo", "--loss", "kl").errorLines())
        .singleElement()
        .asString()
        .contains("unknown loss 'kl'; choose one of ban, ban+l, cwtm, dkpp, hinton");
  }

  @Test
  void malformedNumber_failsWithOneLine_whenTheOneLineHandlerIsInstalled() {
    CommandRun run = CommandRun.of("demo", "--epochs", "many");

    assertThat(run.exitCode()).isEqualTo(CommandFailures.BAD_INPUT);
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .startsWith("ban demo: Invalid value for option '--epochs': 'many' is not an int")
        .endsWith("(see 'ban demo --help')");
  }

  @Test
  void missingDataDirectory_failsWithOneLine() {
    Path missing = output.resolve("no-ptb-here");

    CommandRun run =
        CommandRun.of(
            "ptb", "--data-dir", missing.toString(), "--offline", "--output", output.toString());

    assertThat(run.exitCode()).isEqualTo(CommandFailures.FAILED);
    assertThat(run.errorLines()).singleElement().asString().contains(missing.toString());
  }

  @Test
  void cifarTrainFilesWithoutTestFile_isRefused() {
    CommandRun run = CommandRun.of("cifar10", "--train-files", "a.bin");

    assertThat(run.exitCode()).isEqualTo(CommandFailures.BAD_INPUT);
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .contains("--train-files and --test-file go together");
  }

  private static List<String> names(JsonArray entries) {
    List<String> names = new ArrayList<>();
    entries.forEach(e -> names.add(e.getAsJsonObject().get("name").getAsString()));
    return names;
  }

  private static JsonObject generation(JsonObject report, int index) {
    return report.getAsJsonArray("generations").get(index).getAsJsonObject();
  }
}
