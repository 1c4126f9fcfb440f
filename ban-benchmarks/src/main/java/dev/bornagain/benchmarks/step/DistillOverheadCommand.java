package dev.bornagain.benchmarks.step;

import dev.bornagain.core.train.Student;
import dev.bornagain.core.train.Teacher;
import dev.bornagain.core.train.TeacherOutputs;
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
 * {@code ban bench distill-overhead}: the time per training step of a student generation over that
 * of a label (teacher) generation, same model, batch and data. Three students are trained in
 * alternating rounds: on the labels, with a live frozen teacher, and with the teacher's outputs
 * cached (allowed because the synthetic data is a {@code RepeatableDataset}); each round starts
 * with the next mode in turn. Each first makes one untimed pass over the data (warm-up; it also
 * fills the cache). Prints the per-round milliseconds, the medians, {@code ratio-cached <value>}
 * and, last, {@code ratio <live / label>}.
 */
@Command(
    name = "distill-overhead",
    mixinStandardHelpOptions = true,
    description = {
      "Time per step of a student generation (live frozen teacher; cached teacher outputs) over"
          + " time per step of label training, alternating rounds, medians.",
      "Last lines: 'ratio-cached <value>', then 'ratio <live value>'."
    })
final class DistillOverheadCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private BenchOptions options;

  @Option(
      names = "--steps",
      defaultValue = "10",
      description = "Training steps per round and per mode (default: ${DEFAULT-VALUE}).")
  private int steps;

  @Option(
      names = "--rounds",
      defaultValue = "5",
      description =
          "Timed rounds; each runs label, live, cached in turn (default: ${DEFAULT-VALUE}).")
  private int rounds;

  @Override
  public Integer call() throws IOException {
    options.requireAtLeast(steps, 1, "--steps");
    options.requireAtLeast(rounds, 1, "--rounds");
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "# distill-overhead: %s; %d steps per round and mode, %d rounds after one warm-up pass"
            + " each%n",
        options.describe(),
        steps,
        rounds);
    out.flush();
    List<List<Double>> millis;
    try (StepHarness harness = options.harness();
        Teacher teacher = harness.randomTeacher();
        Student labelStudent = harness.student("label", 0);
        Student liveStudent = harness.student("live", 1);
        Student cachedStudent = harness.student("cached", 2)) {
      SyntheticImages data = harness.dataset(steps, "distill-overhead");
      TeacherOutputs liveOutputs = TeacherOutputs.live(teacher);
      TeacherOutputs cachedOutputs = TeacherOutputs.cached(teacher);
      StepHarness.pass(labelStudent, data, null, steps);
      StepHarness.pass(liveStudent, data, liveOutputs, steps);
      StepHarness.pass(cachedStudent, data, cachedOutputs, steps);
      Student[] students = {labelStudent, liveStudent, cachedStudent};
      TeacherOutputs[] outputs = {null, liveOutputs, cachedOutputs};
      millis =
          StepHarness.alternatingRounds(
              rounds,
              3,
              mode -> StepHarness.pass(students[mode], data, outputs[mode], steps).millisPerStep(),
              (round, ms) -> {
                out.printf(
                    Locale.ROOT,
                    "round %d label-ms/step %.1f live-ms/step %.1f cached-ms/step %.1f%n",
                    round,
                    ms[0],
                    ms[1],
                    ms[2]);
                out.flush();
              });
    }
    double labelMedian = StepHarness.median(millis.get(0));
    double liveMedian = StepHarness.median(millis.get(1));
    double cachedMedian = StepHarness.median(millis.get(2));
    out.printf(
        Locale.ROOT,
        "median label-ms/step %.1f live-ms/step %.1f cached-ms/step %.1f%n",
        labelMedian,
        liveMedian,
        cachedMedian);
    out.printf(Locale.ROOT, "ratio-cached %.3f%n", cachedMedian / labelMedian);
    out.printf(Locale.ROOT, "ratio %.3f%n", liveMedian / labelMedian);
    out.flush();
    return 0;
  }
}
