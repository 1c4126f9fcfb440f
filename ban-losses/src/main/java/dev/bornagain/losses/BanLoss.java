package dev.bornagain.losses;

import ai.djl.ndarray.NDArray;

/**
 * The Born-Again Networks loss (Furlanello et al., "Born Again Neural Networks", ICML 2018): the
 * cross-entropy of the student's softmax against the teacher's softmax, both at temperature 1, with
 * no labels.
 *
 * <pre>
 *   loss = (1/S) sum_s -sum_i p_{i,s} log q_{i,s}
 * </pre>
 *
 * <p>where {@code p = softmax(teacher logits)}, {@code q = softmax(student logits)} and S counts
 * the samples of the batch ("batchmean"; every time step of a sequence is a sample). Its gradient
 * with respect to the student's logits is {@code (q - p) / S}. A batch with hard labels only gets
 * the mean label cross-entropy. Create it with {@link DistillationLosses#ban()}.
 */
public final class BanLoss extends DistillationLoss {

  BanLoss() {
    super("BAN");
  }

  /** Returns {@code BAN}: the loss has no settings. */
  @Override
  public String describe() {
    return "BAN";
  }

  @Override
  protected NDArray distill(DistillationBatch batch) {
    return batch.softCrossEntropy(batch.teacherProbabilities()).mean();
  }
}
