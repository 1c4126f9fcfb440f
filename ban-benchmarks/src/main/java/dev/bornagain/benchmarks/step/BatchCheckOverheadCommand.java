package dev.bornagain.benchmarks.step;

import dev.bornagain.core.data.BatchCheck;
import dev.bornagain.core.train.Student;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ban bench batch-check}: what the per-batch checks that {@code BornAgain.train} makes
 * (input shape, finite values, labels in range: {@link BatchCheck}) cost per training step. Two
 * students are trained on the labels in alternating rounds, one without the checks, as the other
 * benchmarks time the step, and one with them, as every real generation trains; each round starts
 * with the other one. Prints the per-round milliseconds, the medians and, last, {@code ratio
 * <checked / unchecked>}.
 */
@Command(
    name = "batch-check",
    mixinStandardHelpOptions = true,
    description = {
      "Time per label-training step with the per-batch input and label checks over the time"
          + " without them, alternating rounds, medians.",
      "Last line: 'ratio <value>'."
    })
final class BatchCheckOverheadCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private BenchOptions options;

  @Option(
      names = "--steps",
      defaultValue = "10",
      description = "Training steps per round and per mode (default: ${DEFAULT-VALUE}).")
  private int steps;

  @Option(
      names = "--rounds",
      defaultValue = "7",
      description = "Timed rounds; each runs both modes (default: ${DEFAULT-VALUE}).")
  private int rounds;

  @Override
  public Integer call() throws IOException {
    options.requireAtLeast(steps, 1, "--steps");
    options.requireAtLeast(rounds, 1, "--rounds");
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "# batch-check: %s; %d steps per round and mode, %d rounds after one warm-up pass each%n",
        options.describe(),
        steps,
        rounds);
    out.flush();
    List<List<Double>> millis;
    try (StepHarness harness = options.harness();
        Student plain = harness.student("unchecked", 0);
        Student careful = harness.student("checked", 1)) {
      SyntheticImages data = harness.dataset(steps, "batch-check");
      BatchCheck check = BatchCheck.of("training set", harness.inputShapes());
      Student[] students = {plain, careful};
      BatchCheck[] checks = {null, check};
      for (int mode = 0; mode < 2; mode++) {
        StepHarness.pass(students[mode], data, null, checks[mode], steps);
      }
      millis =
          StepHarness.alternatingRounds(
              rounds,
              2,
              mode ->
                  StepHarness.pass(students[mode], data, null, checks[mode], steps).millisPerStep(),
              (round, ms) -> {
                out.printf(
                    Locale.ROOT,
                    "round %d unchecked-ms/step %.1f checked-ms/step %.1f%n",
                    round,
                    ms[0],
                    ms[1]);
                out.flush();
              });
    }
    double plainMedian = StepHarness.median(millis.get(0));
    double checkedMedian = StepHarness.median(millis.get(1));
    out.printf(
        Locale.ROOT,
        "median unchecked-ms/step %.1f checked-ms/step %.1f%n",
        plainMedian,
        checkedMedian);
    out.printf(Locale.ROOT, "ratio %.3f%n", checkedMedian / plainMedian);
    out.flush();
    return 0;
  }
}
