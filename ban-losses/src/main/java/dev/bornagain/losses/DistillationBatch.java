package dev.bornagain.losses;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * One validated batch as a {@link DistillationLoss} sees it: student logits and (optionally) teacher
 * logits of shape (S, C), hard labels of shape (S) as int64, where S counts every sample and, for
 * sequences, every time step.
 *
 * <p>The teacher's logits are detached ({@code stopGradient}): no loss built on this class can send
 * a gradient into the teacher. Softmaxes are computed as log-softmax for numerical stability.
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
   * @param lossName the loss's name, for error messages
   * @param hardLabels class indices, shape (N) or (N, T), any numeric type
   * @param teacherLogits the teacher's logits, same shape as the student's, or {@code null}
   * @param studentLogits the student's logits, shape (N, C) or (N, T, C)
   * @return the flattened batch
   * @throws IllegalArgumentException if shapes do not match, a class index is out of range or a
   *     logit is not finite
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
    checkArgument(
        hardLabels.getShape().equals(sampleShape),
        "%s: hard labels have shape %s but student logits %s need labels of shape %s",
        lossName,
        hardLabels.getShape(),
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

    NDArray flatStudent = studentLogits.reshape(samples, classes);
    NDArray flatLabels = hardLabels.reshape(samples).toType(DataType.INT64, false);
    checkFinite(lossName, "student", flatStudent);
    NDArray flatTeacher = null;
    if (teacherLogits != null) {
      flatTeacher = teacherLogits.reshape(samples, classes).stopGradient();
      checkFinite(lossName, "teacher", flatTeacher);
    }
    long min = flatLabels.min().getLong();
    long max = flatLabels.max().getLong();
    checkArgument(
        min >= 0 && max < classes,
        "%s: class indices must lie in [0, %s) but ranged over [%s, %s]",
        lossName,
        classes,
        min,
        max);
    return new DistillationBatch(flatStudent, flatTeacher, flatLabels);
  }

  private static void checkFinite(String lossName, String role, NDArray logits) {
    // One reduction and one host read: NaN and infinities both fail isFinite-by-subtraction.
    boolean finite = logits.sub(logits).eq(0).all().getBoolean();
    checkArgument(finite, "%s: %s logits contain NaN or infinite values", lossName, role);
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

  /** Returns the teacher's softmax at temperature 1, shape (S, C), detached. */
  public NDArray teacherProbabilities() {
    return teacherLogits().softmax(1);
  }

  /**
   * Returns the per-sample cross-entropy {@code -sum_i target_i log q_i} of the student's softmax
   * against a target distribution.
   *
   * @param target a distribution per sample, shape (S, C)
   * @return shape (S)
   */
  public NDArray softCrossEntropy(NDArray target) {
    return target.mul(studentLogProbabilities()).sum(new int[] {1}).neg();
  }

  /** Returns the per-sample label cross-entropy {@code -log q_y}, shape (S). */
  public NDArray labelCrossEntropy() {
    // The same pick index DJL's own SoftmaxCrossEntropyLoss uses; it runs on every engine's device.
    NDIndex pick = new NDIndex().addAllDim().addPickDim(labels);
    return studentLogProbabilities().get(pick).reshape(sampleCount()).neg();
  }
}
