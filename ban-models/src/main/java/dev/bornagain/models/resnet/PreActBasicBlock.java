package dev.bornagain.models.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.base.Preconditions;
import dev.bornagain.models.layers.Layers;

/**
 * A pre-activation basic residual unit: {@code BN-ReLU-conv3x3-BN-ReLU-[dropout]-conv3x3} plus the
 * shortcut (He et al. 2016; Zagoruyko and Komodakis 2016 add the dropout).
 *
 * <p>When the width or resolution changes, the shortcut starts from the pre-activated input (the
 * output of the first BN-ReLU), as in the Wide-ResNet and pre-activation ResNet reference code;
 * otherwise it is the identity on the raw input.
 */
public final class PreActBasicBlock extends AbstractBlock {

  private final Block preAct;
  private final Block conv1;
  private final Block midAct;
  private final Block dropout;
  private final Block conv2;
  private final Block projection;
  private final boolean changesShape;
  private final int outChannels;
  private final int stride;

  /**
   * Creates the unit.
   *
   * @param inChannels input channels
   * @param outChannels output channels
   * @param stride stride of the first convolution (1 or 2)
   * @param dropRate dropout between the convolutions, in [0, 1); 0 for none
   * @param shortcut how the shortcut handles a change of shape
   * @throws IllegalArgumentException if a size is not positive or the drop rate is outside [0, 1)
   */
  public PreActBasicBlock(
      int inChannels, int outChannels, int stride, float dropRate, Shortcut shortcut) {
    Preconditions.checkArgument(inChannels > 0, "inChannels must be > 0 but was %s", inChannels);
    Preconditions.checkArgument(outChannels > 0, "outChannels must be > 0 but was %s", outChannels);
    Preconditions.checkArgument(stride > 0, "stride must be > 0 but was %s", stride);
    Preconditions.checkArgument(
        dropRate >= 0f && dropRate < 1f, "dropout rate must be in [0, 1) but was %s", dropRate);
    Preconditions.checkNotNull(shortcut, "shortcut");
    this.outChannels = outChannels;
    this.stride = stride;
    this.changesShape = inChannels != outChannels || stride != 1;
    this.preAct = addChildBlock("preact", Layers.batchNormRelu());
    this.conv1 = addChildBlock("conv1", Layers.conv(outChannels, 3, stride));
    this.midAct = addChildBlock("midact", Layers.batchNormRelu());
    this.dropout =
        dropRate > 0f
            ? addChildBlock("dropout", Dropout.builder().optRate(dropRate).build())
            : null;
    this.conv2 = addChildBlock("conv2", Layers.conv(outChannels, 3, 1));
    this.projection =
        changesShape && shortcut == Shortcut.PROJECTION
            ? addChildBlock("shortcut", Layers.conv(outChannels, 1, stride))
            : null;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDList activated = preAct.forward(store, new NDList(x), training, params);
    NDList y = conv1.forward(store, activated, training, params);
    y = midAct.forward(store, y, training, params);
    if (dropout != null) {
      y = dropout.forward(store, y, training, params);
    }
    NDArray residual = conv2.forward(store, y, training, params).singletonOrThrow();
    NDArray shortcut;
    if (!changesShape) {
      shortcut = x;
    } else if (projection != null) {
      shortcut = projection.forward(store, activated, training, params).singletonOrThrow();
    } else {
      shortcut = Shortcuts.zeroPad(activated.singletonOrThrow(), outChannels, stride);
    }
    return new NDList(residual.add(shortcut));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv2.getOutputShapes(conv1.getOutputShapes(inputShapes));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
    preAct.initialize(manager, dataType, inputs);
    conv1.initialize(manager, dataType, inputs);
    Shape[] mid = conv1.getOutputShapes(inputs);
    midAct.initialize(manager, dataType, mid);
    if (dropout != null) {
      dropout.initialize(manager, dataType, mid);
    }
    conv2.initialize(manager, dataType, mid);
    if (projection != null) {
      projection.initialize(manager, dataType, inputs);
    }
  }
}
