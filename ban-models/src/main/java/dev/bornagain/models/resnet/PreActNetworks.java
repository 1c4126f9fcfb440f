package dev.bornagain.models.resnet;

import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import com.google.common.base.Preconditions;
import dev.bornagain.models.layers.Layers;
import dev.bornagain.models.layers.ScopedSequentialBlock;

/**
 * Assembles a pre-activation residual network for 32x32 images: a 3x3 stem convolution, three
 * stages of {@link PreActBasicBlock}s (the second and third start with stride 2), a final BN-ReLU,
 * global average pooling and a linear classifier. Both {@link PreActResNet} and the Wide-ResNet are
 * this network with different widths.
 */
public final class PreActNetworks {

  private PreActNetworks() {}

  /**
   * Builds the network.
   *
   * @param stemChannels output channels of the stem convolution
   * @param stageWidths the widths of the three stages
   * @param blocksPerStage residual units per stage
   * @param dropRate dropout between the two convolutions of each unit, in [0, 1)
   * @param shortcut how shortcuts change shape
   * @param classes output classes
   * @return the network, uninitialised
   * @throws IllegalArgumentException if a width, the number of units or of classes is not positive,
   *     or the drop rate is outside [0, 1)
   */
  public static SequentialBlock build(
      int stemChannels,
      int[] stageWidths,
      int blocksPerStage,
      float dropRate,
      Shortcut shortcut,
      int classes) {
    Preconditions.checkArgument(
        stageWidths.length == 3, "expected 3 stage widths but got %s", stageWidths.length);
    Preconditions.checkArgument(
        blocksPerStage >= 1, "blocks per stage must be >= 1 but was %s", blocksPerStage);
    SequentialBlock net = ScopedSequentialBlock.channelsLast().add(Layers.conv(stemChannels, 3, 1));
    int in = stemChannels;
    for (int stage = 0; stage < 3; stage++) {
      int width = stageWidths[stage];
      Preconditions.checkArgument(width > 0, "width must be > 0 but was %s", width);
      for (int b = 0; b < blocksPerStage; b++) {
        int stride = stage > 0 && b == 0 ? 2 : 1;
        net.add(new PreActBasicBlock(in, width, stride, dropRate, shortcut));
        in = width;
      }
    }
    return net.add(Layers.batchNormRelu())
        .add(Pool.globalAvgPool2dBlock())
        .add(Blocks.batchFlattenBlock())
        .add(Layers.classifier(classes));
  }
}
