package dev.bornagain.models.resnet;

import ai.djl.nn.Block;
import com.google.common.base.Preconditions;

/**
 * The pre-activation ResNet for CIFAR (He, Zhang, Ren, Sun, "Identity Mappings in Deep Residual
 * Networks", 2016) with basic units: depth {@code 6n+2}, widths 16, 32, 64, projection shortcuts by
 * default (as in the authors' pre-activation code). The Born-Again paper trains these as students
 * of DenseNet teachers.
 *
 * <pre>{@code
 * Block net = PreActResNet.builder().setDepth(14).setNumClasses(100).build();
 * }</pre>
 */
public final class PreActResNet {

  private PreActResNet() {}

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder: depth and classes are required. */
  public static final class Builder {
    private int depth;
    private int numClasses;
    private int widenFactor = 1;
    private Shortcut shortcut = Shortcut.PROJECTION;

    private Builder() {}

    /**
     * Sets the depth, {@code 6n+2} (8, 14, 20, 32, 44, 56, 110, ...).
     *
     * @param depth the depth
     * @return this builder
     */
    public Builder setDepth(int depth) {
      this.depth = depth;
      return this;
    }

    /**
     * Sets the number of output classes.
     *
     * @param numClasses classes, at least 1
     * @return this builder
     */
    public Builder setNumClasses(int numClasses) {
      this.numClasses = numClasses;
      return this;
    }

    /**
     * Multiplies the stage widths (default 1).
     *
     * @param widenFactor the factor, at least 1
     * @return this builder
     */
    public Builder optWidenFactor(int widenFactor) {
      this.widenFactor = widenFactor;
      return this;
    }

    /**
     * Sets the shortcut type (default {@link Shortcut#PROJECTION}).
     *
     * @param shortcut the shortcut type
     * @return this builder
     */
    public Builder optShortcut(Shortcut shortcut) {
      this.shortcut = Preconditions.checkNotNull(shortcut, "shortcut");
      return this;
    }

    /**
     * Builds the network.
     *
     * @return the network, uninitialised
     * @throws IllegalArgumentException if the depth is not of the form 6n+2 with n at least 1, the
     *     number of classes or the widen factor is below 1
     */
    public Block build() {
      Preconditions.checkArgument(
          depth >= 8 && (depth - 2) % 6 == 0,
          "pre-activation ResNet depth must be 6n+2 (8, 14, 20, ...) but was %s",
          depth);
      Preconditions.checkArgument(
          numClasses >= 1, "number of classes must be >= 1 but was %s", numClasses);
      Preconditions.checkArgument(
          widenFactor >= 1, "widen factor must be >= 1 but was %s", widenFactor);
      int k = widenFactor;
      return PreActNetworks.build(
          16, new int[] {16 * k, 32 * k, 64 * k}, (depth - 2) / 6, 0f, shortcut, numClasses);
    }
  }
}
