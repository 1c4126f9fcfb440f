package dev.bornagain.benchmarks.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bornagain.datasets.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Smoke tests: each benchmark runs a few steps of a tiny model through {@code ban bench} and ends
 * with its machine-readable line. No timing is asserted, only the format and that the numbers are
 * finite and consistent with the lines before them.
 */
final class BenchCommandTest {

  private static final String[] TINY = {"--model", "cnn-small-grey", "--batch-size", "8"};

  /** The exit code and the non-empty lines of standard output and standard error. */
  private record Run(int exitCode, List<String> out, String err) {

    String last() {
      return out.get(out.size() - 1);
    }

    double valueOf(String line, String key) {
      String[] words = line.split(" ");
      for (int i = 0; i < words.length - 1; i++) {
        if (words[i].equals(key)) {
          return Double.parseDouble(words[i + 1]);
        }
      }
      throw new AssertionError("no '" + key + "' in '" + line + "'");
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // As `ban bench ...` runs it: the benchmarks' own command, under the name the CLI gives it.
    CommandLine cli = new CommandLine(new BenchCommand());
    args = Arrays.copyOfRange(args, args[0].equals("bench") ? 1 : 0, args.length);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString().lines().filter(l -> !l.isBlank()).toList(), err.toString());
  }

  private static String[] tiny(String... args) {
    String[] all = new String[args.length + TINY.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(TINY, 0, all, args.length, TINY.length);
    return all;
  }

  @Test
  void distillOverhead_endsWithCachedThenLiveRatio() {
    Run run = run(tiny("bench", "distill-overhead", "--steps", "2", "--rounds", "1"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).anyMatch(l -> l.startsWith("round 1 label-ms/step "));
    assertThat(run.last()).matches("ratio \\d+\\.\\d{3}");
    String cachedLine = run.out().get(run.out().size() - 2);
    assertThat(cachedLine).matches("ratio-cached \\d+\\.\\d{3}");
    String medians = run.out().get(run.out().size() - 3);
    double label = run.valueOf(medians, "label-ms/step");
    double live = run.valueOf(medians, "live-ms/step");
    double ratio = run.valueOf(run.last(), "ratio");
    assertThat(ratio).isPositive().isFinite();
    assertThat(run.valueOf(cachedLine, "ratio-cached")).isPositive().isFinite();
    // The printed medians are rounded to 0.1 ms.
    assertThat(ratio).isCloseTo(live / label, within(0.01 * ratio + 0.1 / label * 2));
  }

  @Test
  void batchCheck_endsWithTheRatioOfItsMedians() {
    Run run = run(tiny("bench", "batch-check", "--steps", "2", "--rounds", "1"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).anyMatch(l -> l.startsWith("round 1 unchecked-ms/step "));
    String medians = run.out().get(run.out().size() - 2);
    double unchecked = run.valueOf(medians, "unchecked-ms/step");
    double checked = run.valueOf(medians, "checked-ms/step");
    double ratio = run.valueOf(run.last(), "ratio");
    assertThat(run.last()).matches("ratio \\d+\\.\\d{3}");
    // The printed medians are rounded to 0.1 ms.
    assertThat(ratio).isCloseTo(checked / unchecked, within(0.01 * ratio + 0.1 / unchecked * 2));
  }

  @Test
  void memory_printsEveryEpochAndEndsWithGrowthFromEpochTwo() {
    Run run =
        run(
            tiny(
                "bench",
                "memory",
                "--epochs",
                "3",
                "--batches",
                "2",
                "--validation-batches",
                "1",
                "--in-process"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> epochs = run.out().stream().filter(l -> l.startsWith("epoch ")).toList();
    assertThat(epochs).hasSize(3);
    assertThat(epochs.get(0)).startsWith("epoch 1 rss-mib ");
    assertThat(run.last()).matches("growth -?\\d+\\.\\d{2}");
    double second = run.valueOf(epochs.get(1), "rss-mib");
    double third = run.valueOf(epochs.get(2), "rss-mib");
    assertThat(second).isPositive();
    // The printed RSS is rounded to 0.1 MiB; the growth is computed from exact KiB.
    assertThat(run.valueOf(run.last(), "growth"))
        .isCloseTo(100 * (third - second) / second, within(100 * 0.1 / second + 0.01));
  }

  @Test
  void memory_byDefault_measuresAChildJvmWithAFixedPreTouchedHeap() {
    Run run = run(tiny("bench", "memory", "--epochs", "2", "--batches", "1"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().get(0))
        .isEqualTo("# child JVM with a fixed, pre-touched heap: -Xms1g -Xmx1g -XX:+AlwaysPreTouch");
    // The child's own header reports its heap: the fixed 1 GiB, not this JVM's.
    // (a collector may keep a survivor space out of the maximum it reports).
    assertThat(run.valueOf(run.out().get(1), "heap")).isBetween(900.0, 1024.0);
    assertThat(run.out().stream().filter(l -> l.startsWith("epoch "))).hasSize(2);
    assertThat(run.last()).matches("growth -?\\d+\\.\\d{2}");
  }

  @Test
  void throughput_printsRoundsThenTheirMedian() {
    Run run = run(tiny("bench", "throughput", "--steps", "2", "--warmup", "1", "--rounds", "2"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> rounds = run.out().stream().filter(l -> l.startsWith("round ")).toList();
    assertThat(rounds).hasSize(2);
    double first = run.valueOf(rounds.get(0), "images/s");
    double second = run.valueOf(rounds.get(1), "images/s");
    assertThat(run.last()).matches("images/s \\d+\\.\\d{2}");
    assertThat(run.valueOf(run.last(), "images/s"))
        .isPositive()
        .isCloseTo((first + second) / 2, within(0.02));
  }

  @Test
  void throughput_warmsUpForAllItsStepsWhenTheyOutnumberARound() {
    Run run = run(tiny("bench", "throughput", "--steps", "1", "--warmup", "3"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).anyMatch(l -> l.matches("# warm-up: 3 steps, \\d+\\.\\d ms/step"));
    assertThat(run.out().stream().filter(l -> l.startsWith("round "))).hasSize(1);
  }

  @Test
  void bench_refusesLanguageModelsAndBadCounts() {
    Run lm = run("bench", "throughput", "--model", "lstm-2x200", "--steps", "1");
    assertThat(lm.exitCode()).isEqualTo(2);
    assertThat(lm.err()).contains("lstm-2x200 is a language model");

    Run epochs = run(tiny("bench", "memory", "--epochs", "1"));
    assertThat(epochs.exitCode()).isEqualTo(2);
    assertThat(epochs.err()).contains("--epochs must be >= 2 but was 1");
  }

  @Test
  void lmThroughput_trainsThePtbTextInOrder_andEndsWithTheMedianTokensPerSecond() {
    String ptb = SharedData.folder("ptb").toString();
    Run run =
        run(
            "bench",
            "lm-throughput",
            "--data-dir",
            ptb,
            "--batch-size",
            "4",
            "--bptt",
            "5",
            "--steps",
            "3",
            "--warmup",
            "1",
            "--rounds",
            "2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().get(0)).contains("lstm-2x200, 929589 training tokens, batch 4, bptt 5");
    List<String> rounds = run.out().stream().filter(l -> l.startsWith("round ")).toList();
    assertThat(rounds).hasSize(2).allMatch(l -> l.contains(" steps 3 "));
    double first = run.valueOf(rounds.get(0), "tokens/s");
    double second = run.valueOf(rounds.get(1), "tokens/s");
    // 3 full windows of 4 rows x 5 tokens per round: tokens/s = 60 / seconds = 60000 / (3 ms/step).
    double millis = run.valueOf(rounds.get(0), "ms/step");
    assertThat(first).isCloseTo(60_000 / (3 * millis), within(0.01 * first + 1));
    assertThat(run.last()).matches("tokens/s \\d+\\.\\d");
    assertThat(run.valueOf(run.last(), "tokens/s")).isCloseTo((first + second) / 2, within(0.1));
  }

  @Test
  void lmThroughput_refusesImageModels() {
    Run run =
        run(
            "bench",
            "lm-throughput",
            "--data-dir",
            SharedData.folder("ptb").toString(),
            "--model",
            "resnet-20");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--model resnet-20 is not a language model");
  }

  @Test
  void bench_withoutSubcommandListsThem() {
    Run run = run("bench");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("distill-overhead", "batch-check", "memory", "throughput", "lm-throughput");
  }
}
