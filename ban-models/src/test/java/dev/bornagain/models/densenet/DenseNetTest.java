package dev.bornagain.models.densenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.bornagain.models.layers.BlockRuns;
import dev.bornagain.models.layers.ChannelsLast;
import dev.bornagain.models.layers.MemoryLayout;
import dev.bornagain.models.layers.ParameterCounter;
import org.junit.jupiter.api.Test;

final class DenseNetTest {

  @Test
  void layersForDepth_standardAndPaperDepths() {
    assertThat(DenseNet.layersForDepth(100, true)).containsExactly(16, 16, 16);
    assertThat(DenseNet.layersForDepth(112, true)).containsExactly(18, 18, 18);
    assertThat(DenseNet.layersForDepth(90, true)).containsExactly(14, 14, 15);
    assertThat(DenseNet.layersForDepth(80, true)).containsExactly(12, 13, 13);
    // Plain DenseNet-40 (Huang et al.): 12 layers per block.
    assertThat(DenseNet.layersForDepth(40, false)).containsExactly(12, 12, 12);
  }

  @Test
  void build_rejectsDepthThatLeavesABlockEmpty() {
    assertThatThrownBy(
            () -> DenseNet.builder().setDepth(8).setGrowthRate(12).setNumClasses(10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("depth 8")
        .hasMessageContaining("empty")
        .hasMessageContaining("[0, 1, 1]");
  }

  @Test
  void build_rejectsOddBottleneckDepth() {
    assertThatThrownBy(
            () -> DenseNet.builder().setDepth(99).setGrowthRate(12).setNumClasses(10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("99");
  }

  @Test
  void build_rejectsZeroGrowthRate() {
    assertThatThrownBy(
            () -> DenseNet.builder().setDepth(100).setGrowthRate(0).setNumClasses(10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("growth rate")
        .hasMessageContaining("0");
  }

  @Test
  void build_rejectsEmptyBlockGivenDirectly() {
    assertThatThrownBy(
            () ->
                DenseNet.builder()
                    .setBlockLayers(4, 0, 4)
                    .setGrowthRate(12)
                    .setNumClasses(10)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[4, 0, 4]");
  }

  @Test
  void build_rejectsBothDepthAndLayers() {
    assertThatThrownBy(() -> denseNetBc100().setBlockLayers(16, 16, 16).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly one");
  }

  @Test
  void build_rejectsCompressionAndDropoutOutOfRange() {
    assertThatThrownBy(() -> denseNetBc100().optCompression(0f).build())
        .hasMessageContaining("compression");
    assertThatThrownBy(() -> denseNetBc100().optDropRate(1f).build())
        .hasMessageContaining("dropout");
  }

  @Test
  void blockLayers_giveTheSameNetworkAsTheDepth() {
    Block byDepth = denseNetBc100().build();
    Block byLayers =
        DenseNet.builder().setBlockLayers(16, 16, 16).setGrowthRate(12).setNumClasses(10).build();
    assertThat(count(byLayers)).isEqualTo(count(byDepth)).isEqualTo(769_162L);
  }

  @Test
  void plainDenseNet_smallConfig_forwardShapeAndHandCount() {
    // No bottleneck, no compression, 2 blocks of 2 layers, growth 4, stem 16.
    Block block =
        DenseNet.builder()
            .setBlockLayers(2, 2)
            .setGrowthRate(4)
            .optBottleneck(false)
            .optCompression(1f)
            .setNumClasses(5)
            .build();
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray out = BlockRuns.forwardRandom(manager, block, new Shape(2, 3, 32, 32), true);
      assertThat(out.getShape()).isEqualTo(new Shape(2, 5));
      long stem = 3 * 9 * 16;
      long block1 = (2 * 16 + 16 * 9 * 4) + (2 * 20 + 20 * 9 * 4);
      long transition = 2 * 24 + 24 * 24;
      long block2 = (2 * 24 + 24 * 9 * 4) + (2 * 28 + 28 * 9 * 4);
      long head = 2 * 32 + 32 * 5 + 5;
      assertThat(ParameterCounter.trainable(block))
          .isEqualTo(stem + block1 + transition + block2 + head);
    }
  }

  /** DenseNet-BC-100 with growth rate 12 on 10 classes, valid as it stands. */
  private static DenseNet.Builder denseNetBc100() {
    return DenseNet.builder().setDepth(100).setGrowthRate(12).setNumClasses(10);
  }

  private static long count(Block block) {
    return BlockRuns.trainableParameters(block, new Shape(1, 3, 32, 32));
  }

  @Test
  void denseLayer_keepsAChannelsLastBatchChannelsLast() {
    // Its concatenation must not fall back to NCHW, or every later convolution pays reorders.
    try (NDManager manager = NDManager.newBaseManager()) {
      Block layer = new DenseLayer(4, true, 0f);
      layer.initialize(manager, DataType.FLOAT32, new Shape(2, 8, 6, 6));
      NDArray x = ChannelsLast.layOut(manager.randomNormal(new Shape(2, 8, 6, 6)));

      NDArray y =
          layer.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();

      assertThat(y.getShape()).isEqualTo(new Shape(2, 12, 6, 6));
      assertThat(MemoryLayout.isChannelsLast(y)).isTrue();
    }
  }
}
