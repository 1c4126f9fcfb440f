package dev.bornagain.models.densenet;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import com.google.common.primitives.Ints;
import dev.bornagain.models.layers.Layers;
import dev.bornagain.models.layers.ScopedSequentialBlock;
import java.util.Arrays;

/**
 * DenseNet for 32x32 images (Huang et al., "Densely Connected Convolutional Networks", CVPR 2017):
 * a 3x3 stem convolution, three dense blocks separated by transitions ({@code
 * BN-ReLU-conv1x1-avgpool2}, keeping {@code floor(compression * channels)} channels), a final
 * BN-ReLU, global average pooling and a linear classifier. Defaults give DenseNet-BC: bottleneck
 * layers ({@code 4k} channels), compression 0.5, a stem of {@code 2k} channels (16 without
 * bottleneck).
 *
 * <p>The number of layers in each dense block is given directly ({@link Builder#setBlockLayers}) or
 * derived from a depth ({@link Builder#setDepth}). A depth counts the stem, the convolutions of
 * every dense layer (2 with a bottleneck, 1 without), the two transitions and the classifier, so a
 * depth {@code d} has {@code (d-4)/2} bottleneck layers (or {@code d-4} plain ones); they are
 * spread over the three blocks as evenly as possible, extra layers going to the later blocks. For
 * the standard depths {@code 6n+4} (BC) and {@code 3n+4} (plain) this is the usual {@code n} per
 * block (DenseNet-BC-100: 16, 16, 16); the Born-Again paper's DenseNet-90 becomes 14, 14, 15 and
 * DenseNet-80 12, 13, 13, which keeps the stated depth exact.
 *
 * <pre>{@code
 * Block net = DenseNet.builder().setDepth(100).setGrowthRate(12).setNumClasses(10).build();
 * }</pre>
 */
public final class DenseNet {

  private DenseNet() {}

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The layers per dense block that {@link Builder#setDepth} derives from a depth: {@code (d-4)/2}
   * bottleneck layers or {@code d-4} plain layers, spread over three blocks as evenly as possible,
   * extra layers in the later blocks.
   *
   * @param depth the depth
   * @param bottleneck whether each layer has a 1x1 bottleneck convolution
   * @return the layers of the three blocks
   * @throws IllegalArgumentException if the depth does not give a whole number of layers or leaves
   *     a dense block empty
   */
  public static ImmutableList<Integer> layersForDepth(int depth, boolean bottleneck) {
    int convsPerLayer = bottleneck ? 2 : 1;
    Preconditions.checkArgument(
        depth > 4 && (depth - 4) % convsPerLayer == 0,
        "DenseNet%s depth must be 4 + %s x (layers) but was %s",
        bottleneck ? "-BC" : "",
        convsPerLayer,
        depth);
    int total = (depth - 4) / convsPerLayer;
    int base = total / 3;
    int rest = total % 3;
    int[] layers = {base, base + (rest >= 2 ? 1 : 0), base + (rest >= 1 ? 1 : 0)};
    Preconditions.checkArgument(
        base >= 1,
        "DenseNet depth %s leaves a dense block empty (layers per block %s)",
        depth,
        Arrays.toString(layers));
    return ImmutableList.copyOf(Ints.asList(layers));
  }

  /** Builder: classes, growth rate, and either a depth or the layers per block are required. */
  public static final class Builder {
    private int numClasses;
    private int growthRate;
    private int depth;
    private int[] blockLayers;
    private boolean bottleneck = true;
    private float compression = 0.5f;
    private float dropRate;
    private int initialChannels;

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
     * Sets the growth rate {@code k}, the feature maps each dense layer adds.
     *
     * @param growthRate the growth rate, at least 1
     * @return this builder
     */
    public Builder setGrowthRate(int growthRate) {
      this.growthRate = growthRate;
      return this;
    }

    /**
     * Sets the depth; the layers per block follow from {@link DenseNet#layersForDepth}. Exclusive
     * with {@link #setBlockLayers}.
     *
     * @param depth the depth
     * @return this builder
     */
    public Builder setDepth(int depth) {
      this.depth = depth;
      return this;
    }

    /**
     * Sets the number of layers of each dense block directly (any number of blocks). Exclusive with
     * {@link #setDepth}.
     *
     * @param layers layers per dense block, each at least 1
     * @return this builder
     */
    public Builder setBlockLayers(int... layers) {
      this.blockLayers = layers.clone();
      return this;
    }

    /**
     * Whether each dense layer starts with a 1x1 bottleneck convolution to {@code 4k} channels
     * (default true, DenseNet-BC).
     *
     * @param bottleneck true for bottleneck layers
     * @return this builder
     */
    public Builder optBottleneck(boolean bottleneck) {
      this.bottleneck = bottleneck;
      return this;
    }

    /**
     * Sets the fraction of channels the transitions keep (default 0.5; 1 for no compression).
     *
     * @param compression the fraction, in (0, 1]
     * @return this builder
     */
    public Builder optCompression(float compression) {
      this.compression = compression;
      return this;
    }

    /**
     * Sets the dropout after each convolution of the dense layers (default 0, none).
     *
     * @param dropRate the rate, in [0, 1)
     * @return this builder
     */
    public Builder optDropRate(float dropRate) {
      this.dropRate = dropRate;
      return this;
    }

    /**
     * Sets the channels of the stem convolution (default {@code 2k} with bottleneck, 16 without).
     *
     * @param initialChannels the channels, at least 1
     * @return this builder
     */
    public Builder optInitialChannels(int initialChannels) {
      Preconditions.checkArgument(
          initialChannels >= 1, "initial channels must be >= 1 but was %s", initialChannels);
      this.initialChannels = initialChannels;
      return this;
    }

    /**
     * Builds the network.
     *
     * @return the network, uninitialised
     * @throws IllegalArgumentException if the number of classes or the growth rate is below 1, both
     *     or neither of depth and block layers are set, the depth does not fit (see {@link
     *     DenseNet#layersForDepth}), a dense block is empty, the compression is outside (0, 1] or
     *     the drop rate outside [0, 1)
     */
    public Block build() {
      Preconditions.checkArgument(
          numClasses >= 1, "number of classes must be >= 1 but was %s", numClasses);
      Preconditions.checkArgument(
          growthRate >= 1, "DenseNet growth rate must be >= 1 but was %s", growthRate);
      Preconditions.checkArgument(
          (depth != 0) != (blockLayers != null),
          "set exactly one of depth (was %s) and block layers (was %s)",
          depth,
          blockLayers == null ? "unset" : Arrays.toString(blockLayers));
      Preconditions.checkArgument(
          compression > 0f && compression <= 1f,
          "DenseNet compression must be in (0, 1] but was %s",
          compression);
      Preconditions.checkArgument(
          dropRate >= 0f && dropRate < 1f, "dropout rate must be in [0, 1) but was %s", dropRate);
      int[] layers =
          blockLayers != null ? blockLayers : Ints.toArray(layersForDepth(depth, bottleneck));
      Preconditions.checkArgument(layers.length >= 1, "at least one dense block is needed");
      for (int n : layers) {
        Preconditions.checkArgument(
            n >= 1,
            "every dense block needs at least one layer but the layers were %s",
            Arrays.toString(layers));
      }
      int channels = initialChannels > 0 ? initialChannels : bottleneck ? 2 * growthRate : 16;
      SequentialBlock net = ScopedSequentialBlock.channelsLast().add(Layers.conv(channels, 3, 1));
      for (int b = 0; b < layers.length; b++) {
        for (int i = 0; i < layers[b]; i++) {
          net.add(new DenseLayer(growthRate, bottleneck, dropRate));
          channels += growthRate;
        }
        if (b < layers.length - 1) {
          channels = (int) Math.floor(channels * (double) compression);
          net.add(Layers.batchNormRelu())
              .add(Layers.conv(channels, 1, 1))
              .add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
      }
      return net.add(Layers.batchNormRelu())
          .add(Pool.globalAvgPool2dBlock())
          .add(Blocks.batchFlattenBlock())
          .add(Layers.classifier(numClasses));
    }
  }
}
