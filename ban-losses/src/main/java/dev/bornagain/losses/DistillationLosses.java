package dev.bornagain.losses;

import ai.djl.training.loss.Loss;

/**
 * The front door to the losses of Born-Again Networks (Furlanello, Lipton, Tschannen, Itti,
 * Anandkumar, "Born Again Neural Networks", ICML 2018) and Hinton's tempered distillation.
 *
 * <p>Every loss is a {@link DistillationLoss}: its labels are {@code [hard labels, teacher logits]}
 * and its predictions {@code [student logits]}, logits of shape (N, C) or (N, T, C). With q the
 * student's softmax, p the teacher's, y the hard label and S the number of samples (every time step
 * a sample), the losses are:
 *
 * <table>
 *   <caption>The losses and their names in DJL's metrics</caption>
 *   <tr><th>factory</th><th>name</th><th>loss</th></tr>
 *   <tr><td>{@link #ban()}</td><td>BAN</td><td>{@code (1/S) sum_s -sum_i p log q}</td></tr>
 *   <tr><td>{@link #hinton(float, float)}</td><td>HintonKD</td>
 *       <td>{@code w CE(y, q) + (1 - w) T^2 (1/S) sum_s -sum_i p^T log q^T}</td></tr>
 *   <tr><td>{@link #labelMixed(float)}</td><td>BAN+L</td>
 *       <td>{@code w CE(y, q) + (1 - w) BAN}</td></tr>
 *   <tr><td>{@link #cwtm()}</td><td>CWTM</td>
 *       <td>{@code sum_s w_s (-log q_{y_s}), w_s = max p_s / sum_u max p_u}</td></tr>
 *   <tr><td>{@link #dkpp(long)}</td><td>DKPP</td>
 *       <td>{@code (1/S) sum_s -sum_i p~ log q}, p~ = p with its non-argmax entries permuted</td>
 *   </tr>
 * </table>
 *
 * <p>Each returns a scalar on the device of its inputs: the mean over samples (CWTM: the weighted
 * sum). On a batch that carries only hard labels (validation) each returns the mean label
 * cross-entropy.
 */
public final class DistillationLosses {

  /** The label weight of BAN+L when none is given: an even mix of labels and teacher. */
  public static final float DEFAULT_LABEL_WEIGHT = 0.5f;

  private DistillationLosses() {}

  /**
   * Returns the paper's loss: the cross-entropy of the student's softmax against the teacher's
   * softmax at temperature 1, with no labels.
   *
   * @return a loss named "BAN"
   */
  public static BanLoss ban() {
    return new BanLoss();
  }

  /**
   * Returns Hinton's knowledge distillation, {@code w * CE(y, q) + (1 - w) * T^2 * CE(p_T, q_T)},
   * with softmaxes at temperature T for the teacher term.
   *
   * @param temperature T, positive and finite
   * @param labelWeight w, the weight of the label cross-entropy, in [0, 1]
   * @return a loss named "HintonKD"
   * @throws IllegalArgumentException if the temperature is not positive and finite, or the label
   *     weight lies outside [0, 1] or is NaN
   */
  public static HintonLoss hinton(float temperature, float labelWeight) {
    return new HintonLoss(temperature, labelWeight);
  }

  /**
   * Returns BAN+L, {@code w * CE(y, q) + (1 - w) * BAN}.
   *
   * @param labelWeight w, the weight of the label cross-entropy, in [0, 1]
   * @return a loss named "BAN+L"
   * @throws IllegalArgumentException if the label weight lies outside [0, 1] or is NaN
   */
  public static LabelMixedLoss labelMixed(float labelWeight) {
    return new LabelMixedLoss(labelWeight);
  }

  /**
   * Returns BAN+L with the documented default weight {@link #DEFAULT_LABEL_WEIGHT}.
   *
   * @return a loss named "BAN+L"
   */
  public static LabelMixedLoss labelMixed() {
    return labelMixed(DEFAULT_LABEL_WEIGHT);
  }

  /**
   * Returns CWTM: the label cross-entropy, each sample weighted by the teacher's max probability
   * normalised over the batch (weights sum to 1 and are constants for the gradient).
   *
   * @return a loss named "CWTM"
   */
  public static CwtmLoss cwtm() {
    return new CwtmLoss();
  }

  /**
   * Returns DKPP: the BAN loss against the teacher's distribution with its argmax entry kept in
   * place and its other entries permuted within each sample, redrawn at every call.
   *
   * @param seed the seed of this loss's own generator
   * @return a loss named "DKPP"
   */
  public static DkppLoss dkpp(long seed) {
    return new DkppLoss(seed);
  }

  /**
   * Describes any DJL loss for a run's configuration: a {@link DistillationLoss} by its {@link
   * DistillationLoss#describe()}, every other loss by its name and class (DJL's losses expose no
   * settings).
   *
   * @param loss the loss
   * @return the description
   */
  public static String describe(Loss loss) {
    return loss instanceof DistillationLoss distillation
        ? distillation.describe()
        : loss.getName() + " (" + loss.getClass().getName() + ")";
  }
}
