package dev.bornagain.benchmarks.step;

import dev.bornagain.core.train.Student;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ban bench throughput}: images per second of label training (a teacher generation's step)
 * on random data. The Java half of {@code ban-benchmarks/scripts/throughput.sh}, which runs the
 * same steps in PyTorch eager and compares. Prints {@code round <k> images/s <value>} per round
 * and, last, {@code images/s <median>}.
 */
@Command(
    name = "throughput",
    mixinStandardHelpOptions = true,
    description = {
      "Images/s of label training through Student.trainBatch on random data.",
      "Last line: 'images/s <median over rounds>'."
    })
final class ThroughputCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private BenchOptions options;

  @Option(
      names = "--steps",
      defaultValue = "20",
      description = "Timed training steps per round (default: ${DEFAULT-VALUE}).")
  private int steps;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description = "Steps before the first round, not counted in it (default: ${DEFAULT-VALUE}).")
  private int warmup;

  @Option(
      names = "--rounds",
      defaultValue = "1",
      description = "Timed rounds (default: ${DEFAULT-VALUE}).")
  private int rounds;

  @Override
  public Integer call() throws IOException {
    options.requireAtLeast(steps, 1, "--steps");
    options.requireAtLeast(warmup, 0, "--warmup");
    options.requireAtLeast(rounds, 1, "--rounds");
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "# throughput: label training, %s; %d steps per round after %d warm-up steps%n",
        options.describe(),
        steps,
        warmup);
    out.flush();
    List<Double> rates = new ArrayList<>();
    try (StepHarness harness = options.harness();
        Student student = harness.student("throughput", 0)) {
      // Enough batches for the longer of the warm-up and a round: a pass stops at the last batch.
      SyntheticImages data = harness.dataset(Math.max(steps, warmup), "throughput");
      StepHarness.warmUp(student, data, warmup, out);
      for (int round = 1; round <= rounds; round++) {
        StepHarness.Pass pass = StepHarness.pass(student, data, null, steps);
        rates.add(pass.imagesPerSecond());
        out.printf(
            Locale.ROOT,
            "round %d images/s %.2f ms/step %.1f loss %.4f%n",
            round,
            pass.imagesPerSecond(),
            pass.millisPerStep(),
            pass.meanLoss());
        out.flush();
      }
    }
    out.printf(Locale.ROOT, "images/s %.2f%n", StepHarness.median(rates));
    out.flush();
    return 0;
  }
}
