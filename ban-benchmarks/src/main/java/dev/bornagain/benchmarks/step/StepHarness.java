package dev.bornagain.benchmarks.step;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import com.google.common.collect.ImmutableList;
import dev.bornagain.core.data.BatchCheck;
import dev.bornagain.core.optim.LearningRateSchedule;
import dev.bornagain.core.optim.SgdSettings;
import dev.bornagain.core.train.FrozenModel;
import dev.bornagain.core.train.ParameterSnapshot;
import dev.bornagain.core.train.Seeds;
import dev.bornagain.core.train.Student;
import dev.bornagain.core.train.Teacher;
import dev.bornagain.core.train.TeacherOutputs;
import dev.bornagain.core.train.TrainingPlan;
import dev.bornagain.losses.DistillationLosses;
import dev.bornagain.models.catalogue.ModelPreset;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * Builds what a generation is trained with (a {@link Student}, a frozen {@link Teacher}) and times
 * passes of {@link Student#trainBatch}, the step that {@code GenerationTrainer} runs for every
 * batch of every generation: teacher forward outside the gradient collector, student forward, loss,
 * backward, optimizer update. Owns a manager for the synthetic data; close it.
 */
final class StepHarness implements AutoCloseable {

  private final ModelPreset preset;
  private final int classes;
  private final int batchSize;
  private final long seed;
  private final Device device;
  private final NDManager manager;
  private final ImmutableList<Shape> inputShapes;
  private final TrainingPlan plan;

  StepHarness(ModelPreset preset, int classes, int batchSize, long seed) {
    this.preset = preset;
    this.classes = classes;
    this.batchSize = batchSize;
    this.seed = seed;
    this.device = Engine.getInstance().defaultDevice();
    this.manager = NDManager.newBaseManager(device);
    this.inputShapes = ImmutableList.of(preset.inputShape(batchSize));
    // The paper's CIFAR optimizer; the rate stays constant (a schedule costs nothing per step).
    this.plan =
        new TrainingPlan(
            1,
            SgdSettings.wideResNet(),
            LearningRateSchedule.constant(),
            ImmutableList.of(device),
            inputShapes);
  }

  /** Returns the shapes of one batch's data. */
  ImmutableList<Shape> inputShapes() {
    return inputShapes;
  }

  /**
   * Returns {@code batches} batches of random images held in this harness's manager.
   *
   * @param batches batches per epoch
   * @param purpose distinguishes datasets made with the same seed (training, validation)
   */
  SyntheticImages dataset(int batches, String purpose) {
    return SyntheticImages.create(
        manager,
        preset.inputShape(1).slice(1),
        classes,
        batches,
        batchSize,
        Seeds.derive(seed, purpose, 0));
  }

  /**
   * Creates a freshly initialised student trained with BAN's loss (labels-only cross-entropy when
   * it gets no teacher, as generation 0 does).
   *
   * @param name a name for the DJL model
   * @param index distinguishes the initial weights of students of one harness
   */
  Student student(String name, int index) throws IOException {
    return Student.create(
        name,
        preset.build(classes),
        plan,
        DistillationLosses.ban(),
        Seeds.initialisation(Seeds.generation(seed, index)),
        null);
  }

  /** Creates a frozen teacher with random (untrained) weights: it costs what a trained one does. */
  Teacher randomTeacher() throws IOException {
    return Teacher.of(
        FrozenModel.load(
            "teacher", preset.build(classes), inputShapes, randomParameters(), device));
  }

  /** Returns the parameters of a freshly initialised block of the preset. */
  ParameterSnapshot randomParameters() {
    Block block = preset.build(classes);
    try (Model model = Model.newInstance("random-teacher", device)) {
      model.setBlock(block);
      Engine.getInstance().setRandomSeed(Seeds.initialisation(Seeds.generation(seed, 1_000)));
      block.initialize(model.getNDManager(), DataType.FLOAT32, inputShapes.toArray(new Shape[0]));
      return ParameterSnapshot.copyOf(block);
    }
  }

  /**
   * Trains on the dataset's batches in order, as {@code GenerationTrainer} does within an epoch,
   * stopping after {@code maxSteps}.
   *
   * @param student the student to train
   * @param dataset the batches
   * @param teacher the teacher's outputs, or null for a label generation
   * @param maxSteps the most steps to take
   * @return the steps taken and their wall time, data loading included
   */
  static Pass pass(Student student, Dataset dataset, TeacherOutputs teacher, int maxSteps)
      throws IOException {
    return pass(student, dataset, teacher, null, maxSteps);
  }

  /**
   * As {@link #pass(Student, Dataset, TeacherOutputs, int)}, checking every batch as {@code
   * GenerationTrainer} does.
   *
   * @param check the per-batch checks, or null for none
   */
  static Pass pass(
      Student student, Dataset dataset, TeacherOutputs teacher, BatchCheck check, int maxSteps)
      throws IOException {
    int steps = 0;
    long samples = 0;
    double lossSum = 0;
    long start = System.nanoTime();
    for (Batch batch : student.batches(dataset)) {
      try (batch) {
        lossSum += student.trainBatch(batch, steps, teacher, check);
        samples += batch.getSize();
        steps++;
      }
      if (steps >= maxSteps) {
        break;
      }
    }
    long nanos = System.nanoTime() - start;
    return new Pass(steps, samples, nanos, steps == 0 ? Double.NaN : lossSum / steps);
  }

  /**
   * Takes the untimed warm-up steps of a throughput benchmark, if any, and prints their pace as a
   * {@code # warm-up} comment line.
   */
  static void warmUp(Student student, Dataset dataset, int steps, PrintWriter out)
      throws IOException {
    if (steps > 0) {
      Pass pass = pass(student, dataset, null, steps);
      out.printf(
          Locale.ROOT, "# warm-up: %d steps, %.1f ms/step%n", pass.steps(), pass.millisPerStep());
      out.flush();
    }
  }

  /** Times one pass of one mode (a kind of training step), in milliseconds per step. */
  @FunctionalInterface
  interface ModePass {
    double millisPerStep(int mode) throws IOException;
  }

  /**
   * Times several modes in rounds: each round passes once in every mode, starting with the next
   * mode in turn, so that no mode always follows the same one.
   *
   * @param rounds the rounds
   * @param modes how many modes
   * @param pass times one mode's pass
   * @param afterRound receives the round (from 1) and its milliseconds per step, by mode
   * @return the milliseconds per step of every round, by mode: {@code [mode][round - 1]}
   */
  static List<List<Double>> alternatingRounds(
      int rounds, int modes, ModePass pass, BiConsumer<Integer, double[]> afterRound)
      throws IOException {
    List<List<Double>> byMode = new ArrayList<>();
    for (int mode = 0; mode < modes; mode++) {
      byMode.add(new ArrayList<>());
    }
    for (int round = 1; round <= rounds; round++) {
      double[] millis = new double[modes];
      for (int k = 0; k < modes; k++) {
        int mode = (round - 1 + k) % modes;
        millis[mode] = pass.millisPerStep(mode);
      }
      for (int mode = 0; mode < modes; mode++) {
        byMode.get(mode).add(millis[mode]);
      }
      afterRound.accept(round, millis);
    }
    return byMode;
  }

  /** Returns the median of the values (the mean of the middle two for an even count). */
  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Frees the synthetic data. */
  @Override
  public void close() {
    manager.close();
  }

  /**
   * A timed pass over a dataset.
   *
   * @param steps the training steps taken
   * @param samples the samples trained on
   * @param nanos the wall time
   * @param meanLoss the mean training loss of the steps
   */
  record Pass(int steps, long samples, long nanos, double meanLoss) {

    double imagesPerSecond() {
      return samples / (nanos / 1e9);
    }

    double millisPerStep() {
      return nanos / 1e6 / steps;
    }
  }
}
