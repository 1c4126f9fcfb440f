package dev.bornagain.models.wrn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.bornagain.models.layers.BlockRuns;
import dev.bornagain.models.layers.ParameterCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class WideResNetTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 9, 12, 27, 29})
  void build_rejectsDepthNotOfForm6nPlus4(int depth) {
    assertThatThrownBy(
            () -> WideResNet.builder().setDepth(depth).setWidenFactor(1).setNumClasses(10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("6n+4")
        .hasMessageContaining(String.valueOf(depth));
  }

  @Test
  void build_rejectsZeroWidth() {
    assertThatThrownBy(
            () -> WideResNet.builder().setDepth(16).setWidenFactor(0).setNumClasses(10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("widen factor")
        .hasMessageContaining("0");
  }

  @ParameterizedTest
  @ValueSource(floats = {-0.1f, 1f, 1.5f})
  void build_rejectsDropoutOutsideUnitInterval(float rate) {
    assertThatThrownBy(
            () ->
                WideResNet.builder()
                    .setDepth(16)
                    .setWidenFactor(1)
                    .setNumClasses(10)
                    .optDropRate(rate)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dropout")
        .hasMessageContaining(String.valueOf(rate));
  }

  @Test
  void build_rejectsMissingClasses() {
    assertThatThrownBy(() -> WideResNet.builder().setDepth(16).setWidenFactor(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("classes");
  }

  @Test
  void wrn10_1_forwardShapeAndCount() {
    Block block = WideResNet.builder().setDepth(10).setWidenFactor(1).setNumClasses(3).build();
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray out = BlockRuns.forwardRandom(manager, block, new Shape(2, 3, 32, 32), false);
      assertThat(out.getShape()).isEqualTo(new Shape(2, 3));
      // stem 432; stage 1 (16->16) 2x(2304+32)+32; stage 2 (16->32) 32+4608+64+9216+512;
      // stage 3 (32->64) 64+18432+128+36864+2048; final BN 128; classifier 64*3+3.
      long expected =
          432
              + (2 * 2304 + 64)
              + (32 + 4608 + 64 + 9216 + 512)
              + (64 + 18432 + 128 + 36864 + 2048)
              + 128
              + 195;
      assertThat(ParameterCounter.trainable(block)).isEqualTo(expected);
    }
  }
}
