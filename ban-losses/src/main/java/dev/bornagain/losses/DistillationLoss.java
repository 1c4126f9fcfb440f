package dev.bornagain.losses;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * A DJL {@link Loss} that supervises a student with a teacher's outputs.
 *
 * <p>The contract, relied on by {@code ban-core} and by users' own losses:
 *
 * <ul>
 *   <li>{@code labels} is {@code [hard labels, teacher logits]}; {@code predictions} is {@code
 *       [student logits]}. Hard labels hold class indices of any numeric type (whole numbers),
 *       shape (N) or (N, T), a trailing axis of size 1 accepted; logits have shape (N, C) or (N, T,
 *       C). Every time step counts as a sample.
 *   <li>When {@code labels} holds only the hard labels (a validation batch, which carries no
 *       teacher), the loss is the mean label cross-entropy, so DJL's evaluators keep working.
 *   <li>The result is a scalar on the device of the student's logits; the teacher's logits never
 *       receive a gradient.
 *   <li>Shapes that do not match, class indices out of range and non-finite logits are refused with
 *       an {@link IllegalArgumentException} that names them.
 * </ul>
 *
 * <p>The paper's losses come from {@link DistillationLosses}. To write your own loss, implement one
 * method over the validated, flattened batch ({@link DistillationBatch} offers the teacher's and
 * student's (log-)softmaxes, at temperature 1 or T, and the per-sample cross-entropies):
 *
 * <pre>{@code
 * final class HalfBan extends DistillationLoss {
 *   HalfBan() {
 *     super("HalfBan");
 *   }
 *
 *   @Override
 *   protected NDArray distill(DistillationBatch batch) {
 *     NDArray perSample = batch.softCrossEntropy(batch.teacherProbabilities());
 *     return perSample.mean().mul(0.5f);
 *   }
 * }
 * }</pre>
 */
public abstract class DistillationLoss extends Loss {

  /**
   * Creates a loss whose name DJL uses for its metrics.
   *
   * @param name the loss name, as shown in training logs
   */
  protected DistillationLoss(String name) {
    super(name);
  }

  /**
   * Describes this loss with every setting that changes what it computes, e.g. {@code
   * BAN+L(labelWeight=0.5)}. {@code ban-core} records it in a run's configuration, so that a
   * checkpoint directory is resumed only by a run with the same loss and settings.
   *
   * <p>This default, the name and the class, fits a loss without settings. A loss with settings (a
   * weight, a temperature, a seed) must override it and name each of them: two losses with the same
   * description are taken to compute the same thing.
   *
   * @return the name and every setting
   */
  public String describe() {
    return getName() + " (" + getClass().getName() + ")";
  }

  /**
   * Validates and flattens the batch, then computes {@link #distill} (teacher present) or {@link
   * #labelsOnly} (hard labels only).
   *
   * @throws IllegalArgumentException if the lists do not have the documented sizes, shapes do not
   *     match, a class index is out of range or not a whole number, or a logit is NaN or infinite
   */
  @Override
  public final NDArray evaluate(NDList labels, NDList predictions) {
    checkArgument(
        predictions != null && !predictions.isEmpty(),
        "%s: predictions must hold the student logits but was empty",
        getName());
    checkArgument(
        labels != null && (labels.size() == 1 || labels.size() == 2),
        "%s: labels must be [hard labels] or [hard labels, teacher logits] but had %s arrays",
        getName(),
        labels == null ? 0 : labels.size());
    NDArray teacherLogits = labels.size() == 2 ? labels.get(1) : null;
    DistillationBatch batch =
        DistillationBatch.of(getName(), labels.get(0), teacherLogits, predictions.head());
    return batch.hasTeacher() ? distill(batch) : labelsOnly(batch);
  }

  /**
   * Tells the loss which training step its next calls belong to; a trainer calls it before each
   * training batch. A loss that draws random numbers (DKPP) derives its draws from the step, so a
   * run resumed at any epoch draws exactly what the uninterrupted run drew; the others ignore it.
   *
   * @param generation the generation being trained
   * @param epoch the epoch, from 0
   * @param batch the batch within the epoch, from 0
   */
  public void beginStep(int generation, int epoch, int batch) {}

  /**
   * The loss of a batch that carries the teacher's logits.
   *
   * @param batch the validated batch, flattened to samples
   * @return a scalar
   */
  protected abstract NDArray distill(DistillationBatch batch);

  /**
   * The loss of a batch that carries only hard labels (validation, or the teacher generation).
   * Defaults to the mean label cross-entropy.
   *
   * @param batch the validated batch, flattened to samples, with no teacher
   * @return a scalar
   */
  protected NDArray labelsOnly(DistillationBatch batch) {
    return batch.labelCrossEntropy().mean();
  }
}
