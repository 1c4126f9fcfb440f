package dev.bornagain.models.resnet;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import com.google.common.base.Preconditions;
import dev.bornagain.models.layers.Layers;
import dev.bornagain.models.layers.ScopedSequentialBlock;

/**
 * The classic CIFAR ResNet of He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition"
 * (2015), section 4.2: a 3x3 stem with 16 filters, three stages of {@code n} post-activation basic
 * units with 16, 32 and 64 filters, global average pooling and a linear classifier; depth {@code
 * 6n+2} (ResNet-20, 32, 44, 56, 110). Shortcuts are the paper's option A (zero padding, no
 * parameters: ResNet-20 has 269,722 parameters on 10 classes) unless set otherwise.
 */
public final class CifarResNet {

  private CifarResNet() {}

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
    private Shortcut shortcut = Shortcut.ZERO_PAD;

    private Builder() {}

    /**
     * Sets the depth, {@code 6n+2} (20, 32, 44, 56, 110, ...).
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
     * Sets the shortcut type (default {@link Shortcut#ZERO_PAD}, the paper's option A).
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
     * @throws IllegalArgumentException if the depth is not of the form 6n+2 with n at least 1 or
     *     the number of classes is below 1
     */
    public Block build() {
      Preconditions.checkArgument(
          depth >= 8 && (depth - 2) % 6 == 0,
          "CIFAR ResNet depth must be 6n+2 (8, 14, 20, 32, 56, 110, ...) but was %s",
          depth);
      Preconditions.checkArgument(
          numClasses >= 1, "number of classes must be >= 1 but was %s", numClasses);
      int n = (depth - 2) / 6;
      SequentialBlock net =
          ScopedSequentialBlock.channelsLast()
              .add(Layers.conv(16, 3, 1))
              .add(Layers.batchNorm())
              .addSingleton(Activation::relu);
      int in = 16;
      int[] widths = {16, 32, 64};
      for (int stage = 0; stage < 3; stage++) {
        for (int b = 0; b < n; b++) {
          int stride = stage > 0 && b == 0 ? 2 : 1;
          net.add(new BasicBlock(in, widths[stage], stride, shortcut));
          in = widths[stage];
        }
      }
      return net.add(Pool.globalAvgPool2dBlock())
          .add(Blocks.batchFlattenBlock())
          .add(Layers.classifier(numClasses));
    }
  }
}
