package dev.bornagain.losses;

import ai.djl.ndarray.NDArray;

/**
 * Confidence-Weighted by Teacher Max (Furlanello et al., "Born Again Neural Networks", ICML 2018,
 * section 3.2): the label cross-entropy with each sample weighted by the teacher's confidence.
 *
 * <pre>
 *   loss = sum_s w_s * (-log q_{y_s,s}),   w_s = max_i p_{i,s} / sum_u max_i p_{i,u}
 * </pre>
 *
 * <p>where {@code p} and {@code q} are the teacher's and student's softmaxes at temperature 1 and
 * the sums run over the S samples of the batch (every time step of a sequence is a sample). The
 * weights sum to 1, so the loss is a weighted mean; they come from the detached teacher and are
 * constants for the gradient, which is {@code w_s (q_s - onehot(y_s))}. When DJL splits a batch
 * across devices, each part is normalised on its own. A batch with hard labels only gets the mean
 * label cross-entropy. Create it with {@link DistillationLosses#cwtm()}.
 */
public final class CwtmLoss extends DistillationLoss {

  CwtmLoss() {
    super("CWTM");
  }

  /**
   * Returns the per-sample weights {@code w_s} of a batch: the teacher's max probability divided by
   * its sum over the batch. They sum to 1 and carry no gradient.
   *
   * @param batch a batch with teacher logits
   * @return shape (S)
   * @throws IllegalStateException if the batch carries no teacher
   */
  public NDArray sampleWeights(DistillationBatch batch) {
    NDArray confidence = batch.teacherProbabilities().max(new int[] {1});
    return confidence.div(confidence.sum());
  }

  /** Returns {@code CWTM}: the loss has no settings. */
  @Override
  public String describe() {
    return "CWTM";
  }

  @Override
  protected NDArray distill(DistillationBatch batch) {
    return sampleWeights(batch).mul(batch.labelCrossEntropy()).sum();
  }
}
