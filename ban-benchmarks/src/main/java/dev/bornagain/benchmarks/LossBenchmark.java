package dev.bornagain.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import dev.bornagain.losses.DistillationLosses;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One loss's forward and backward pass, the work a training step spends in the loss: given student
 * logits, teacher logits and hard labels, evaluate the loss inside a gradient collector and
 * back-propagate to the student logits. {@code djl-softmax-ce} is DJL's {@code
 * Loss.softmaxCrossEntropyLoss()} on the same logits and labels (sequence logits flattened to one
 * sample per time step, as the distillation losses do), the baseline every other loss is read
 * against.
 *
 * <p>Each invocation copies the student logits into a fresh sub-manager (so gradients do not
 * accumulate and every array is freed); every loss pays that same copy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class LossBenchmark {

  /** Which loss: the library's five and DJL's softmax cross-entropy. */
  @Param({"ban", "ban+l", "cwtm", "dkpp", "hinton", "djl-softmax-ce"})
  public String loss;

  /** Logit shape: batch x classes, or batch x time steps x classes (a language model). */
  @Param({"128x10", "128x100", "20x35x1000"})
  public String shape;

  private NDManager manager;
  private Loss lossFunction;
  private NDArray student;
  private NDArray teacher;
  private NDArray labels;
  private boolean flatten;

  /** Creates the logits and labels once per trial, from a fixed seed. */
  @Setup(Level.Trial)
  public void setUp() {
    long[] dims = Arrays.stream(shape.split("x")).mapToLong(Long::parseLong).toArray();
    Shape logitShape = new Shape(dims);
    long classes = dims[dims.length - 1];
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(17);
    student = manager.randomNormal(logitShape);
    teacher = manager.randomNormal(logitShape).mul(3);
    labels =
        manager.randomInteger(
            0, classes, logitShape.slice(0, logitShape.dimension() - 1), DataType.INT64);
    lossFunction = create(loss);
    flatten = loss.equals("djl-softmax-ce") && dims.length == 3;
  }

  private static Loss create(String name) {
    switch (name) {
      case "ban":
        return DistillationLosses.ban();
      case "ban+l":
        return DistillationLosses.labelMixed();
      case "cwtm":
        return DistillationLosses.cwtm();
      case "dkpp":
        return DistillationLosses.dkpp(3);
      case "hinton":
        return DistillationLosses.hinton(4f, 0.5f);
      case "djl-softmax-ce":
        return Loss.softmaxCrossEntropyLoss();
      default:
        throw new IllegalArgumentException("unknown loss " + name);
    }
  }

  /**
   * Forward and backward of the loss.
   *
   * @return the loss value, so the work cannot be skipped
   */
  @Benchmark
  public float forwardBackward() {
    try (NDManager step = manager.newSubManager()) {
      // Everything a loss derives from the labels or the teacher is created on their manager:
      // lent to this step's, it is freed with the step instead of piling up for the whole trial.
      teacher.tempAttach(step);
      labels.tempAttach(step);
      NDArray logits = student.duplicate();
      logits.attach(step);
      logits.setRequiresGradient(true);
      NDList labelList;
      NDArray predictions = logits;
      if (flatten) {
        long classes = logits.getShape().get(2);
        predictions = logits.reshape(-1, classes);
        labelList = new NDList(labels.reshape(-1));
      } else if (lossFunction instanceof dev.bornagain.losses.DistillationLoss) {
        labelList = new NDList(labels, teacher);
      } else {
        labelList = new NDList(labels);
      }
      float value;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray result = lossFunction.evaluate(labelList, new NDList(predictions));
        collector.backward(result);
        value = result.getFloat();
      }
      return value + logits.getGradient().flatten().getFloat(0);
    }
  }

  /** Frees the native arrays. */
  @TearDown(Level.Trial)
  public void tearDown() {
    manager.close();
  }
}
