package dev.bornagain.models.densenet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.bornagain.models.layers.Layers;

/**
 * One layer of a dense block: computes {@code growthRate} new feature maps ({@code
 * BN-ReLU-conv1x1(4k)-BN-ReLU-conv3x3(k)} with a bottleneck, {@code BN-ReLU-conv3x3(k)} without)
 * and concatenates them to its input along the channels.
 */
final class DenseLayer extends AbstractBlock {

  private final Block features;

  DenseLayer(int growthRate, boolean bottleneck, float dropRate) {
    SequentialBlock f = new SequentialBlock();
    if (bottleneck) {
      f.add(Layers.batchNormRelu()).add(Layers.conv(4 * growthRate, 1, 1));
      addDropout(f, dropRate);
    }
    f.add(Layers.batchNormRelu()).add(Layers.conv(growthRate, 3, 1));
    addDropout(f, dropRate);
    this.features = addChildBlock("features", f);
  }

  private static void addDropout(SequentialBlock f, float dropRate) {
    if (dropRate > 0f) {
      f.add(Dropout.builder().optRate(dropRate).build());
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray added = features.forward(store, inputs, training, params).singletonOrThrow();
    return new NDList(NDArrays.concat(new NDList(x, added), 1));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    Shape added = features.getOutputShapes(inputShapes)[0];
    return new Shape[] {new Shape(in.get(0), in.get(1) + added.get(1), in.get(2), in.get(3))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
    features.initialize(manager, dataType, inputs);
  }
}
