package dev.bornagain.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The hyper-parameters of {@link MomentumSgd}.
 *
 * @param learningRate the base learning rate, before any schedule, &gt; 0
 * @param momentum the momentum in [0, 1)
 * @param nesterov whether to use Nesterov's look-ahead (needs momentum &gt; 0)
 * @param weightDecay the L2 coefficient added to the gradient, &gt;= 0
 * @param maxGradientNorm the bound on the global L2 norm of all gradients of a step (PyTorch's
 *     {@code clip_grad_norm_}), or 0 for no clipping
 */
public record SgdSettings(
    float learningRate,
    float momentum,
    boolean nesterov,
    float weightDecay,
    float maxGradientNorm) {

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException if the learning rate is not positive, the momentum is outside
   *     [0, 1), the weight decay or the gradient-norm bound is negative, or Nesterov is asked for
   *     without momentum
   */
  public SgdSettings {
    checkArgument(
        learningRate > 0 && Float.isFinite(learningRate),
        "learning rate must be > 0 but was %s",
        learningRate);
    checkArgument(momentum >= 0 && momentum < 1, "momentum must be in [0, 1) but was %s", momentum);
    checkArgument(
        weightDecay >= 0 && Float.isFinite(weightDecay),
        "weight decay must be >= 0 but was %s",
        weightDecay);
    checkArgument(!nesterov || momentum > 0, "Nesterov momentum needs momentum > 0 but was 0");
    checkArgument(
        maxGradientNorm >= 0 && Float.isFinite(maxGradientNorm),
        "max gradient norm must be >= 0 (0 for no clipping) but was %s",
        maxGradientNorm);
  }

  /**
   * Settings without gradient clipping.
   *
   * @param learningRate the base learning rate, &gt; 0
   * @param momentum the momentum in [0, 1)
   * @param nesterov whether to use Nesterov's look-ahead
   * @param weightDecay the L2 coefficient, &gt;= 0
   * @throws IllegalArgumentException as the canonical constructor
   */
  public SgdSettings(float learningRate, float momentum, boolean nesterov, float weightDecay) {
    this(learningRate, momentum, nesterov, weightDecay, 0f);
  }

  /**
   * Returns these settings with the global gradient norm of every step clipped, as language models
   * trained at a high learning rate need.
   *
   * @param maxNorm the bound, &gt; 0, or 0 for no clipping
   * @return the new settings
   * @throws IllegalArgumentException if the bound is negative or not finite
   */
  public SgdSettings withMaxGradientNorm(float maxNorm) {
    return new SgdSettings(learningRate, momentum, nesterov, weightDecay, maxNorm);
  }

  /** Returns whether gradients are clipped. */
  public boolean clipsGradients() {
    return maxGradientNorm > 0;
  }

  /**
   * The Wide-ResNet recipe the paper uses on CIFAR: learning rate 0.1, Nesterov momentum 0.9,
   * weight decay 5e-4.
   */
  public static SgdSettings wideResNet() {
    return new SgdSettings(0.1f, 0.9f, true, 5e-4f);
  }

  /**
   * Plain SGD without momentum or weight decay, as in the paper's PTB language models.
   *
   * @param learningRate the base learning rate
   * @return the settings
   */
  public static SgdSettings plain(float learningRate) {
    return new SgdSettings(learningRate, 0f, false, 0f);
  }
}
