package dev.bornagain.models.wrn;

import ai.djl.nn.Block;
import com.google.common.base.Preconditions;
import dev.bornagain.models.resnet.PreActNetworks;
import dev.bornagain.models.resnet.Shortcut;

/**
 * Wide-ResNet-d-k (Zagoruyko and Komodakis, "Wide Residual Networks", BMVC 2016): a 3x3 stem with
 * 16 filters, three stages of {@code n = (d-4)/6} pre-activation basic units with widths 16k, 32k
 * and 64k, optional dropout between each unit's two convolutions, a final BN-ReLU, global average
 * pooling and a linear classifier. Shortcuts are 1x1 convolutions where the shape changes, applied
 * to the pre-activated input, as in the reference PyTorch code; the parameter counts equal it
 * (WRN-28-10 on 10 classes: 36,479,194).
 *
 * <pre>{@code
 * Block wrn = WideResNet.builder().setDepth(28).setWidenFactor(10).setNumClasses(10)
 *     .optDropRate(0.3f).build();
 * }</pre>
 */
public final class WideResNet {

  private WideResNet() {}

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder: depth, widen factor and classes are required. */
  public static final class Builder {
    private int depth;
    private int widenFactor;
    private int numClasses;
    private float dropRate;

    private Builder() {}

    /**
     * Sets the depth {@code d}, of the form {@code 6n+4} (10, 16, 22, 28, 40, ...).
     *
     * @param depth the depth
     * @return this builder
     */
    public Builder setDepth(int depth) {
      this.depth = depth;
      return this;
    }

    /**
     * Sets the widen factor {@code k}.
     *
     * @param widenFactor the widen factor, at least 1
     * @return this builder
     */
    public Builder setWidenFactor(int widenFactor) {
      this.widenFactor = widenFactor;
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
     * Sets the dropout rate between the two convolutions of each unit (default 0, none; the CIFAR
     * recipe uses 0.3).
     *
     * @param dropRate the rate, in [0, 1)
     * @return this builder
     */
    public Builder optDropRate(float dropRate) {
      this.dropRate = dropRate;
      return this;
    }

    /**
     * Builds the network.
     *
     * @return the network, uninitialised
     * @throws IllegalArgumentException if the depth is not of the form 6n+4 with n at least 1, the
     *     widen factor or the number of classes is below 1, or the drop rate is outside [0, 1)
     */
    public Block build() {
      Preconditions.checkArgument(
          depth >= 10 && (depth - 4) % 6 == 0,
          "Wide-ResNet depth must be 6n+4 (10, 16, 22, 28, 40, ...) but was %s",
          depth);
      Preconditions.checkArgument(
          widenFactor >= 1, "Wide-ResNet widen factor must be >= 1 but was %s", widenFactor);
      Preconditions.checkArgument(
          numClasses >= 1, "number of classes must be >= 1 but was %s", numClasses);
      Preconditions.checkArgument(
          dropRate >= 0f && dropRate < 1f, "dropout rate must be in [0, 1) but was %s", dropRate);
      int k = widenFactor;
      return PreActNetworks.build(
          16,
          new int[] {16 * k, 32 * k, 64 * k},
          (depth - 4) / 6,
          dropRate,
          Shortcut.PROJECTION,
          numClasses);
    }
  }
}
