package dev.bornagain.models.cnn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import com.google.common.base.Preconditions;
import dev.bornagain.models.layers.Layers;
import dev.bornagain.models.layers.ScopedSequentialBlock;
import java.util.Arrays;

/**
 * A small CNN for quick CPU runs: per stage one or more {@code conv3x3-BN-ReLU} then {@code
 * maxpool2}, then dropout, flatten and a linear classifier. The input channels are taken from the
 * input (RGB or greyscale). With the default widths 32, 64, 128 a 3x32x32 image ends as 128x4x4;
 * with widths 32, 64 a 1x28x28 image ends as 64x7x7.
 *
 * <pre>{@code
 * Block cnn = SmallCnn.builder().setNumClasses(10).optWidths(32, 64).build();
 * }</pre>
 */
public final class SmallCnn {

  private SmallCnn() {}

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder: the number of classes is required. */
  public static final class Builder {
    private int numClasses;
    private int[] widths = {32, 64, 128};
    private int convolutionsPerStage = 1;
    private float dropRate = 0.25f;

    private Builder() {}

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
     * Sets the output channels of each stage (default 32, 64, 128); each stage halves the
     * resolution.
     *
     * @param widths the widths, each at least 1
     * @return this builder
     */
    public Builder optWidths(int... widths) {
      this.widths = widths.clone();
      return this;
    }

    /**
     * Sets how many {@code conv3x3-BN-ReLU} layers each stage has before its pooling (default 1).
     *
     * @param convolutionsPerStage the layers per stage, at least 1
     * @return this builder
     */
    public Builder optConvolutionsPerStage(int convolutionsPerStage) {
      this.convolutionsPerStage = convolutionsPerStage;
      return this;
    }

    /**
     * Sets the dropout before the classifier (default 0.25).
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
     * @throws IllegalArgumentException if the number of classes is below 1, there are no stages, a
     *     width is below 1, or the drop rate is outside [0, 1)
     */
    public Block build() {
      Preconditions.checkArgument(
          numClasses >= 1, "number of classes must be >= 1 but was %s", numClasses);
      Preconditions.checkArgument(widths.length >= 1, "at least one stage width is needed");
      for (int w : widths) {
        Preconditions.checkArgument(
            w >= 1, "every width must be >= 1 but the widths were %s", Arrays.toString(widths));
      }
      Preconditions.checkArgument(
          convolutionsPerStage >= 1,
          "convolutions per stage must be >= 1 but was %s",
          convolutionsPerStage);
      Preconditions.checkArgument(
          dropRate >= 0f && dropRate < 1f, "dropout rate must be in [0, 1) but was %s", dropRate);
      SequentialBlock net = ScopedSequentialBlock.channelsLast();
      for (int w : widths) {
        for (int i = 0; i < convolutionsPerStage; i++) {
          net.add(Layers.conv(w, 3, 1)).add(Layers.batchNormRelu());
        }
        net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
      }
      if (dropRate > 0f) {
        net.add(Dropout.builder().optRate(dropRate).build());
      }
      return net.add(Blocks.batchFlattenBlock()).add(Layers.classifier(numClasses));
    }
  }
}
