package dev.bornagain.losses;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;

/**
 * Hinton's knowledge distillation at a temperature (Hinton, Vinyals, Dean, "Distilling the
 * Knowledge in a Neural Network", 2015), written as cross-entropy (not KL divergence) so that its
 * values share the form of the Born-Again Networks loss:
 *
 * <pre>
 *   loss = w * (1/S) sum_s -log q_{y_s,s}
 *        + (1 - w) * T^2 * (1/S) sum_s -sum_i p^T_{i,s} log q^T_{i,s}
 * </pre>
 *
 * <p>where {@code p^T = softmax(teacher logits / T)}, {@code q^T = softmax(student logits / T)},
 * {@code q} is the student's softmax at temperature 1, {@code w} the label weight and S the number
 * of samples ("batchmean"; every time step of a sequence is a sample). The {@code T^2} factor keeps
 * the gradient's scale comparable across temperatures: the gradient with respect to the student's
 * logits is {@code w (q - onehot(y)) / S + (1 - w) T (q^T - p^T) / S}. A batch with hard labels
 * only gets the mean label cross-entropy. Create it with {@link DistillationLosses#hinton(float,
 * float)}.
 */
public final class HintonLoss extends DistillationLoss {

  private final float temperature;
  private final float labelWeight;

  HintonLoss(float temperature, float labelWeight) {
    super("HintonKD");
    DistillationBatch.checkTemperature(temperature);
    checkLabelWeight(labelWeight);
    this.temperature = temperature;
    this.labelWeight = labelWeight;
  }

  /** Returns the temperature T. */
  public float temperature() {
    return temperature;
  }

  /** Returns the weight w of the label cross-entropy, in [0, 1]. */
  public float labelWeight() {
    return labelWeight;
  }

  /** Returns e.g. {@code HintonKD(temperature=4.0, labelWeight=0.1)}. */
  @Override
  public String describe() {
    return "HintonKD(temperature=" + temperature + ", labelWeight=" + labelWeight + ")";
  }

  @Override
  protected NDArray distill(DistillationBatch batch) {
    NDArray soft =
        batch
            .teacherProbabilities(temperature)
            .mul(batch.studentLogProbabilities(temperature))
            .sum(new int[] {1})
            .neg()
            .mean();
    NDArray hard = batch.labelCrossEntropy().mean();
    return hard.mul(labelWeight).add(soft.mul((1 - labelWeight) * temperature * temperature));
  }

  static void checkLabelWeight(float labelWeight) {
    checkArgument(
        labelWeight >= 0 && labelWeight <= 1,
        "labelWeight must lie in [0, 1] but was %s",
        labelWeight);
  }
}
