package dev.bornagain.models.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.bornagain.models.catalogue.ModelCatalogue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ScopedSequentialBlockTest {

  @Test
  void forward_keepsOnlyInputAndOutputInTheCallersManager() {
    Engine.getInstance().setRandomSeed(1);
    try (NDManager manager = NDManager.newBaseManager()) {
      Block net = denseNet(manager);
      try (NDManager batch = manager.newSubManager()) {
        NDArray input = batch.randomNormal(new Shape(2, 3, 32, 32));
        NDArray out =
            net.forward(new ParameterStore(manager, false), new NDList(input), false)
                .singletonOrThrow();
        assertThat(out.getShape()).isEqualTo(new Shape(2, 10));
        assertThat(out.getManager()).isSameAs(batch);
        assertThat(input.isReleased()).isFalse();
        // Without scoping, every activation of the 100 layers would still be here.
        assertThat(batch.getManagedArrays()).hasSizeLessThanOrEqualTo(2);
      }
    }
  }

  @Test
  void forward_givesTheSameResultAsAPlainSequentialBlock() {
    Engine.getInstance().setRandomSeed(2);
    Block conv = Layers.conv(4, 3, 1);
    Block bnRelu = Layers.batchNormRelu();
    Block flatten = Blocks.batchFlattenBlock();
    Block linear = Layers.classifier(3);
    SequentialBlock scoped = new ScopedSequentialBlock().addAll(conv, bnRelu, flatten, linear);
    SequentialBlock plain = new SequentialBlock().addAll(conv, bnRelu, flatten, linear);
    try (NDManager manager = NDManager.newBaseManager()) {
      scoped.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 6, 6));
      NDArray x = manager.randomNormal(new Shape(2, 1, 6, 6));
      ParameterStore store = new ParameterStore(manager, false);
      float[] a = scoped.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
      float[] b = plain.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
      assertThat(a).containsExactly(b);
    }
  }

  @Test
  void forwardWithLabels_theFormTheTrainerCalls_isScopedToo() {
    Engine.getInstance().setRandomSeed(3);
    try (NDManager manager = NDManager.newBaseManager()) {
      Block net = denseNet(manager);
      try (NDManager batch = manager.newSubManager()) {
        NDArray input = batch.randomNormal(new Shape(2, 3, 32, 32));
        NDList labels = new NDList(batch.zeros(new Shape(2)));
        NDArray out =
            net.forward(new ParameterStore(manager, false), new NDList(input), labels, null)
                .singletonOrThrow();
        assertThat(out.getShape()).isEqualTo(new Shape(2, 10));
        assertThat(input.isReleased()).isFalse();
        assertThat(batch.getManagedArrays()).hasSizeLessThanOrEqualTo(3);
      }
    }
  }

  @Test
  void channelsLast_handsTheFirstChildAChannelsLastBatchAndChangesNoResult() {
    Engine.getInstance().setRandomSeed(4);
    List<Boolean> seen = new ArrayList<>();
    Block probe =
        new LambdaBlock(
            list -> {
              seen.add(MemoryLayout.isChannelsLast(list.singletonOrThrow()));
              return list;
            });
    Block conv = Layers.conv(4, 3, 1);
    Block bnRelu = Layers.batchNormRelu();
    Block flatten = Blocks.batchFlattenBlock();
    Block linear = Layers.classifier(3);
    SequentialBlock channelsLast =
        ScopedSequentialBlock.channelsLast().addAll(probe, conv, bnRelu, flatten, linear);
    SequentialBlock plain = new SequentialBlock().addAll(probe, conv, bnRelu, flatten, linear);
    try (NDManager manager = NDManager.newBaseManager()) {
      channelsLast.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 6, 6));
      seen.clear(); // initialising ran the probe for its output shape
      NDArray x = manager.randomNormal(new Shape(2, 3, 6, 6));
      ParameterStore store = new ParameterStore(manager, false);
      NDList labels = new NDList(manager.zeros(new Shape(2)));

      float[] a =
          channelsLast.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
      float[] b = plain.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
      float[] c =
          channelsLast
              .forward(store, new NDList(x), labels, null)
              .singletonOrThrow()
              .toFloatArray();

      // Convolutions on the two layouts may sum in another order: equal up to rounding.
      assertThat(a).containsExactly(b, within(1e-5f));
      assertThat(c).hasSize(a.length);
      assertThat(seen).containsExactly(true, false, true);
      assertThat(MemoryLayout.isChannelsLast(x)).isFalse();
    }
  }

  /**
   * The catalogue's DenseNet-BC-100, 100 layers deep, initialised for batches of two CIFAR images.
   */
  private static Block denseNet(NDManager manager) {
    Block net = ModelCatalogue.get("densenet-bc-100-12").build(10);
    net.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 32, 32));
    return net;
  }
}
