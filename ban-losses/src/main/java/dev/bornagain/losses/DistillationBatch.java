package dev.bornagain.losses;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * One validated batch as a {@link DistillationLoss} sees it: student logits and (optionally)
 * teacher logits of shape (S, C), hard labels of shape (S) as int64, where S counts every sample
 * and, for sequences, every time step.
 *
 * <p>The teacher's logits are detached ({@code stopGradient}): no loss built on this class can send
 * a gradient into the teacher. Softmaxes are computed as log-softmax for numerical stability, and
 * every array lives on the student logits' device.
 */
public final class DistillationBatch {

  private final NDArray studentLogits;
  private final NDArray teacherLogits;
  private final NDArray labels;

  private DistillationBatch(NDArray studentLogits, NDArray teacherLogits, NDArray labels) {
    this.studentLogits = studentLogits;
    this.teacherLogits = teacherLogits;
    this.labels = labels;
  }

  /**
   * Validates the arrays of one batch and flattens them to samples.
   *
   * <p>A valid batch costs one scalar read from the device; the diagnosis that names the problem
   * runs only when that read says something is wrong.
   *
   * @param lossName the loss's name, for error messages
   * @param hardLabels class indices, shape (N) or (N, T) (a trailing axis of size 1 is accepted),
   *     any numeric type; floating-point labels must hold whole numbers
   * @param teacherLogits the teacher's logits, same shape as the student's, or {@code null}
   * @param studentLogits the student's logits, shape (N, C) or (N, T, C)
   * @return the flattened batch, on the device of the student's logits
   * @throws IllegalArgumentException if the student's logits are not of rank 2 or 3, the batch is
   *     empty, the labels' or the teacher's shape does not match the student's, a class index is
   *     out of range or not a whole number, or a logit is NaN or infinite
   */
  public static DistillationBatch of(
      String lossName, NDArray hardLabels, NDArray teacherLogits, NDArray studentLogits) {
    Shape studentShape = studentLogits.getShape();
    checkArgument(
        studentShape.dimension() == 2 || studentShape.dimension() == 3,
        "%s: student logits must have shape (N, C) or (N, T, C) but had shape %s",
        lossName,
        studentShape);
    Shape sampleShape = studentShape.slice(0, studentShape.dimension() - 1);
    Shape labelShape = hardLabels.getShape();
    checkArgument(
        labelShape.equals(sampleShape) || labelShape.equals(sampleShape.add(1)),
        "%s: hard labels have shape %s but student logits of shape %s need labels of shape %s",
        lossName,
        labelShape,
        studentShape,
        sampleShape);
    checkArgument(
        teacherLogits == null || teacherLogits.getShape().equals(studentShape),
        "%s: teacher logits have shape %s but student logits have shape %s",
        lossName,
        teacherLogits == null ? null : teacherLogits.getShape(),
        studentShape);
    long classes = studentShape.get(studentShape.dimension() - 1);
    long samples = sampleShape.size();
    checkArgument(
        samples > 0 && classes > 0, "%s: empty batch of shape %s", lossName, studentShape);

    Device device = studentLogits.getDevice();
    NDArray flatStudent = studentLogits.reshape(samples, classes);
    NDArray rawLabels = hardLabels.toDevice(device, false).reshape(samples);
    NDArray flatTeacher =
        teacherLogits == null
            ? null
            : teacherLogits.toDevice(device, false).reshape(samples, classes).stopGradient();

    // All checks folded into one boolean so a valid batch costs a single device-to-host read. The
    // logits are checked through their sums, one read-only pass each: a NaN or infinity makes the
    // sum non-finite. A sum can also overflow on finite logits; the exact diagnosis then finds
    // nothing wrong and the batch goes on.
    NDArray sums = flatStudent.stopGradient().sum();
    if (flatTeacher != null) {
      sums = sums.add(flatTeacher.sum());
    }
    NDArray valid = isFinite(sums).logicalAnd(labelsValid(rawLabels, classes));
    if (!valid.getBoolean()) {
      diagnose(lossName, flatStudent, flatTeacher, rawLabels, classes);
    }
    NDArray flatLabels = rawLabels.toType(DataType.INT64, false);
    return new DistillationBatch(flatStudent, flatTeacher, flatLabels);
  }

  /** Returns a scalar boolean: true when every value is finite (NaN and infinities give NaN). */
  private static NDArray finite(NDArray logits) {
    return isFinite(logits.stopGradient()).all();
  }

  /** Returns, element by element, whether a value is finite: x - x is 0 unless x is NaN or inf. */
  private static NDArray isFinite(NDArray values) {
    return values.sub(values).eq(0);
  }

  /** Returns a scalar boolean: true when every label is a whole number in [0, classes). */
  private static NDArray labelsValid(NDArray rawLabels, long classes) {
    NDArray inRange = rawLabels.gte(0).logicalAnd(rawLabels.lt(classes));
    if (rawLabels.getDataType().isFloating()) {
      inRange = inRange.logicalAnd(rawLabels.eq(rawLabels.floor()));
    }
    return inRange.all();
  }

  /**
   * Finds what made a batch invalid and throws the matching exception; returns normally when the
   * quick check's alarm was an overflowing sum of finite logits.
   */
  private static void diagnose(
      String lossName, NDArray student, NDArray teacher, NDArray rawLabels, long classes) {
    checkArgument(
        finite(student).getBoolean(),
        "%s: student logits of shape %s contain NaN or infinite values",
        lossName,
        student.getShape());
    checkArgument(
        teacher == null || finite(teacher).getBoolean(),
        "%s: teacher logits of shape %s contain NaN or infinite values",
        lossName,
        teacher == null ? null : teacher.getShape());
    if (rawLabels.getDataType().isFloating()) {
      checkArgument(
          rawLabels.eq(rawLabels.floor()).all().getBoolean(),
          "%s: class indices must be whole numbers but the %s labels hold fractions or NaN",
          lossName,
          rawLabels.getDataType());
    }
    if (labelsValid(rawLabels, classes).getBoolean()) {
      return;
    }
    NDArray asLong = rawLabels.toType(DataType.INT64, false);
    long min = asLong.min().getLong();
    long max = asLong.max().getLong();
    throw new IllegalArgumentException(
        String.format(
            "%s: class indices must lie in [0, %s) but ranged over [%s, %s]",
            lossName, classes, min, max));
  }

  /** Returns whether the batch carries teacher logits. */
  public boolean hasTeacher() {
    return teacherLogits != null;
  }

  /** Returns the number of samples S (time steps included). */
  public long sampleCount() {
    return labels.getShape().get(0);
  }

  /** Returns the number of classes C. */
  public long classCount() {
    return studentLogits.getShape().get(1);
  }

  /** Returns the student's logits, shape (S, C). */
  public NDArray studentLogits() {
    return studentLogits;
  }

  /**
   * Returns the teacher's detached logits, shape (S, C).
   *
   * @throws IllegalStateException if the batch carries no teacher
   */
  public NDArray teacherLogits() {
    checkState(teacherLogits != null, "this batch carries no teacher logits");
    return teacherLogits;
  }

  /** Returns the hard labels as int64, shape (S). */
  public NDArray labels() {
    return labels;
  }

  /** Returns the student's log-softmax at temperature 1, shape (S, C). */
  public NDArray studentLogProbabilities() {
    return studentLogits.logSoftmax(1);
  }

  /**
   * Returns the student's log-softmax at a temperature, {@code log softmax(z / T)}, shape (S, C).
   *
   * @param temperature T, positive and finite
   * @throws IllegalArgumentException if the temperature is not positive and finite
   */
  public NDArray studentLogProbabilities(float temperature) {
    checkTemperature(temperature);
    return studentLogits.div(temperature).logSoftmax(1);
  }

  /**
   * Returns the teacher's softmax at temperature 1, shape (S, C), detached.
   *
   * @throws IllegalStateException if the batch carries no teacher
   */
  public NDArray teacherProbabilities() {
    return teacherLogits().softmax(1);
  }

  /**
   * Returns the teacher's softmax at a temperature, {@code softmax(z / T)}, shape (S, C), detached.
   *
   * @param temperature T, positive and finite
   * @throws IllegalArgumentException if the temperature is not positive and finite
   * @throws IllegalStateException if the batch carries no teacher
   */
  public NDArray teacherProbabilities(float temperature) {
    checkTemperature(temperature);
    return teacherLogits().div(temperature).softmax(1);
  }

  /**
   * Returns the per-sample cross-entropy {@code -sum_i target_i log q_i} of the student's softmax
   * at temperature 1 against a target distribution.
   *
   * @param target a distribution per sample, shape (S, C)
   * @return shape (S)
   * @throws IllegalArgumentException if the target's shape is not (S, C)
   */
  public NDArray softCrossEntropy(NDArray target) {
    checkArgument(
        target.getShape().equals(studentLogits.getShape()),
        "target has shape %s but the batch's logits have shape %s",
        target.getShape(),
        studentLogits.getShape());
    return target.mul(studentLogProbabilities()).sum(new int[] {1}).neg();
  }

  /** Returns the per-sample label cross-entropy {@code -log q_y}, shape (S). */
  public NDArray labelCrossEntropy() {
    // The same pick index DJL's own SoftmaxCrossEntropyLoss uses; it runs on every engine's device.
    NDIndex pick = new NDIndex().addAllDim().addPickDim(labels);
    return studentLogProbabilities().get(pick).reshape(sampleCount()).neg();
  }

  static void checkTemperature(float temperature) {
    checkArgument(
        temperature > 0 && Float.isFinite(temperature),
        "temperature must be positive and finite but was %s",
        temperature);
  }
}
