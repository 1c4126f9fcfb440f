package dev.bornagain.models.resnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class ResNetTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 2, 19, 21})
  void cifarResNet_rejectsDepthNotOfForm6nPlus2(int depth) {
    assertThatThrownBy(() -> CifarResNet.builder().setDepth(depth).setNumClasses(10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("6n+2")
        .hasMessageContaining(String.valueOf(depth));
  }

  @Test
  void preActResNet_rejectsBadDepthAndZeroWidth() {
    assertThatThrownBy(() -> PreActResNet.builder().setDepth(16).setNumClasses(10).build())
        .hasMessageContaining("6n+2")
        .hasMessageContaining("16");
    assertThatThrownBy(
            () -> PreActResNet.builder().setDepth(14).setNumClasses(10).optWidenFactor(0).build())
        .hasMessageContaining("widen factor")
        .hasMessageContaining("0");
  }

  @Test
  void basicUnit_rejectsDropoutOutsideUnitInterval() {
    assertThatThrownBy(() -> new PreActBasicBlock(16, 16, 1, 1f, Shortcut.PROJECTION))
        .hasMessageContaining("dropout")
        .hasMessageContaining("1.0");
  }

  @Test
  void projectionShortcuts_addTheir1x1ConvolutionsAndBatchNorms() {
    long optionA = count(CifarResNet.builder().setDepth(20).setNumClasses(10).build());
    long optionB =
        count(
            CifarResNet.builder()
                .setDepth(20)
                .setNumClasses(10)
                .optShortcut(Shortcut.PROJECTION)
                .build());
    assertThat(optionA).isEqualTo(269_722L);
    assertThat(optionB - optionA).isEqualTo((16 * 32 + 2 * 32) + (32 * 64 + 2 * 64));
  }

  @Test
  void zeroPad_subsamplesAndPadsChannelsOnBothSides() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.arange(1f, 1f + 2 * 4 * 4).reshape(1, 2, 4, 4);
      NDArray y = Shortcuts.zeroPad(x, 4, 2);
      assertThat(y.getShape()).isEqualTo(new Shape(1, 4, 2, 2));
      assertThat(Shortcuts.zeroPadShape(x.getShape(), 4, 2)).isEqualTo(y.getShape());
      assertThat(y.get("0, 0").toFloatArray()).containsOnly(0f);
      assertThat(y.get("0, 3").toFloatArray()).containsOnly(0f);
      assertThat(y.get("0, 1").toFloatArray()).containsExactly(1f, 3f, 9f, 11f);
      assertThat(y.get("0, 2").toFloatArray()).containsExactly(17f, 19f, 25f, 27f);
    }
  }

  @Test
  void downsamplingUnit_keepsAChannelsLastBatchChannelsLast() {
    // A zero-pad shortcut built from NCHW zeros would turn the rest of the stage back to NCHW
    // and cost oneDNN a reorder around every convolution.
    Engine.getInstance().setRandomSeed(5);
    try (NDManager manager = NDManager.newBaseManager()) {
      Block unit = new BasicBlock(16, 32, 2, Shortcut.ZERO_PAD);
      unit.initialize(manager, DataType.FLOAT32, new Shape(2, 16, 8, 8));
      NDArray x = ChannelsLast.layOut(manager.randomNormal(new Shape(2, 16, 8, 8)));

      NDArray shortcut = Shortcuts.zeroPad(x, 32, 2);
      NDArray y =
          unit.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();

      assertThat(MemoryLayout.isChannelsLast(shortcut)).isTrue();
      assertThat(y.getShape()).isEqualTo(new Shape(2, 32, 4, 4));
      assertThat(MemoryLayout.isChannelsLast(y)).isTrue();
    }
  }

  private static long count(Block block) {
    return BlockRuns.trainableParameters(block, new Shape(1, 3, 32, 32));
  }
}
