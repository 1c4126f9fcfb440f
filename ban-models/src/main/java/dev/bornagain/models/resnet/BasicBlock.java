package dev.bornagain.models.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.bornagain.models.layers.Layers;

/**
 * The original (post-activation) basic residual unit of He et al. 2015: {@code
 * conv3x3-BN-ReLU-conv3x3-BN}, plus the shortcut, then ReLU.
 */
final class BasicBlock extends AbstractBlock {

  private final Block residual;
  private final Block projection;
  private final boolean changesShape;
  private final int outChannels;
  private final int stride;

  BasicBlock(int inChannels, int outChannels, int stride, Shortcut shortcut) {
    this.outChannels = outChannels;
    this.stride = stride;
    this.changesShape = inChannels != outChannels || stride != 1;
    this.residual =
        addChildBlock(
            "residual",
            new SequentialBlock()
                .add(Layers.conv(outChannels, 3, stride))
                .add(Layers.batchNorm())
                .addSingleton(Activation::relu)
                .add(Layers.conv(outChannels, 3, 1))
                .add(Layers.batchNorm()));
    this.projection =
        changesShape && shortcut == Shortcut.PROJECTION
            ? addChildBlock(
                "shortcut",
                new SequentialBlock()
                    .add(Layers.conv(outChannels, 1, stride))
                    .add(Layers.batchNorm()))
            : null;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray y = residual.forward(store, inputs, training, params).singletonOrThrow();
    NDArray shortcut;
    if (!changesShape) {
      shortcut = x;
    } else if (projection != null) {
      shortcut = projection.forward(store, inputs, training, params).singletonOrThrow();
    } else {
      shortcut = Shortcuts.zeroPad(x, outChannels, stride);
    }
    return new NDList(Activation.relu(y.add(shortcut)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return residual.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
    residual.initialize(manager, dataType, inputs);
    if (projection != null) {
      projection.initialize(manager, dataType, inputs);
    }
  }
}
