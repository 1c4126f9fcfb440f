package dev.bornagain.losses;

import ai.djl.ndarray.NDArray;

/**
 * BAN+L, the Born-Again Networks loss mixed with the label cross-entropy (Furlanello et al., "Born
 * Again Neural Networks", ICML 2018, the variant that supervises with labels and teacher together):
 *
 * <pre>
 *   loss = w * (1/S) sum_s -log q_{y_s,s} + (1 - w) * (1/S) sum_s -sum_i p_{i,s} log q_{i,s}
 * </pre>
 *
 * <p>where {@code p} and {@code q} are the teacher's and student's softmaxes at temperature 1,
 * {@code w} the label weight and S the number of samples ("batchmean"; every time step of a
 * sequence is a sample). The paper gives no weight; {@link DistillationLosses#DEFAULT_LABEL_WEIGHT}
 * (an even mix) is the documented default. The gradient with respect to the student's logits is
 * {@code (q - w onehot(y) - (1 - w) p) / S}. A batch with hard labels only gets the mean label
 * cross-entropy. Create it with {@link DistillationLosses#labelMixed(float)}.
 */
public final class LabelMixedLoss extends DistillationLoss {

  private final float labelWeight;

  LabelMixedLoss(float labelWeight) {
    super("BAN+L");
    HintonLoss.checkLabelWeight(labelWeight);
    this.labelWeight = labelWeight;
  }

  /** Returns the weight w of the label cross-entropy, in [0, 1]. */
  public float labelWeight() {
    return labelWeight;
  }

  /** Returns e.g. {@code BAN+L(labelWeight=0.5)}. */
  @Override
  public String describe() {
    return "BAN+L(labelWeight=" + labelWeight + ")";
  }

  @Override
  protected NDArray distill(DistillationBatch batch) {
    NDArray hard = batch.labelCrossEntropy().mean();
    NDArray soft = batch.softCrossEntropy(batch.teacherProbabilities()).mean();
    return hard.mul(labelWeight).add(soft.mul(1 - labelWeight));
  }
}
