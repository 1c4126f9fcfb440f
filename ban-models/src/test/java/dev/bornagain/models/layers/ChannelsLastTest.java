package dev.bornagain.models.layers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

final class ChannelsLastTest {

  @Test
  void layOut_storesTheBatchNhwcWithTheSameShapeAndValues() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.arange(2f * 3 * 4 * 5).reshape(2, 3, 4, 5);
      assertThat(MemoryLayout.isChannelsLast(x)).isFalse();

      NDArray y = ChannelsLast.layOut(x);

      assertThat(y.getShape()).isEqualTo(x.getShape());
      assertThat(y.toFloatArray()).containsExactly(x.toFloatArray());
      assertThat(MemoryLayout.isChannelsLast(y)).isTrue();
    }
  }

  @Test
  void layOut_acceptsAnEmptyBatch() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray empty = manager.zeros(new Shape(0, 3, 4, 5));
      assertThat(ChannelsLast.layOut(empty).getShape()).isEqualTo(new Shape(0, 3, 4, 5));
    }
  }

  @Test
  void layOut_leavesOtherRanksAlone() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray tokens = manager.ones(new Shape(4, 7));
      assertThat(ChannelsLast.layOut(tokens)).isSameAs(tokens);
    }
  }

  @Test
  void layOut_passesGradientsThrough() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.randomNormal(new Shape(2, 3, 4, 4));
      NDArray weights = manager.randomNormal(new Shape(2, 3, 4, 4));
      x.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(ChannelsLast.layOut(x).mul(weights).sum());
      }
      assertThat(x.getGradient().toFloatArray()).containsExactly(weights.toFloatArray());
    }
  }
}
