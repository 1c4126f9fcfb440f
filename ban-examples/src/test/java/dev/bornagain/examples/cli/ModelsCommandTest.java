package dev.bornagain.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

final class ModelsCommandTest {

  /** The exit code and what went to standard output and standard error. */
  private record Run(int exitCode, List<String> out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BanCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, Arrays.asList(out.toString().split("\\R")), err.toString());
  }

  @Test
  void models_printsOnePresetAndCountPerLine() {
    Run run =
        run(
            "models",
            "--preset",
            "wrn-28-1",
            "--preset",
            "densenet-bc-100-12",
            "--preset",
            "resnet-20",
            "--preset",
            "lstm-2x200");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .containsExactly(
            "wrn-28-1 369498",
            "densenet-bc-100-12 769162",
            "resnet-20 269722",
            // 2 x 200 untied on 10,000 words: embedding, decoder, 2 LSTM layers, decoder bias.
            "lstm-2x200 " + (2 * 10_000 * 200 + 2 * (4 * 200 * 400 + 2 * 800) + 10_000));
  }

  @Test
  void models_honoursClassesAndVocabulary() {
    Run run =
        run(
            "models",
            "--classes",
            "100",
            "--vocabulary",
            "10000",
            "--preset",
            "densenet-bc-100-12",
            "--preset",
            "lstm-2x1500-tied");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).containsExactly("densenet-bc-100-12 800032", "lstm-2x1500-tied 51034000");
  }

  @Test
  void models_withoutPresets_listsTheWholeCatalogue() {
    Run run = run("models", "--vocabulary", "100");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .hasSize(dev.bornagain.models.catalogue.ModelCatalogue.presets().size())
        .contains("wrn-28-10 36479194", "wrn-16-1 175066", "densenet-bc-100-12 769162");
  }

  @Test
  void forwardTime_printsMillisecondsForCifarPresetsOnly() {
    Run run =
        run(
            "models",
            "--forward-time",
            "--batch",
            "4",
            "--repeats",
            "1",
            "--preset",
            "resnet-20",
            "--preset",
            "cnn-small-grey");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).hasSize(3);
    assertThat(run.out().get(0)).startsWith("# forward pass").contains("batch of 4");
    assertThat(run.out().get(1)).startsWith("# preset parameters");
    String[] fields = run.out().get(2).split(" ");
    assertThat(fields[0]).isEqualTo("resnet-20");
    assertThat(fields[1]).isEqualTo("269722");
    double mean = Double.parseDouble(fields[2]);
    double min = Double.parseDouble(fields[3]);
    assertThat(min).isPositive().isLessThanOrEqualTo(mean);
  }

  @Test
  void unknownPreset_failsWithUsageErrorNamingKnownPresets() {
    Run run = run("models", "--preset", "wrn-99-9");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("wrn-99-9").contains("wrn-28-10");
  }

  @Test
  void zeroClasses_isAUsageError() {
    Run run = run("models", "--classes", "0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--classes must be >= 1 but was 0");
  }

  @Test
  void ban_withoutSubcommand_isAUsageErrorListingModels() {
    Run run = run();
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing subcommand").contains("models");
  }
}
