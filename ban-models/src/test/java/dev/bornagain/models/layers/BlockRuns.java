package dev.bornagain.models.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** The small runs the architecture tests make of a freshly built block. Tests only. */
public final class BlockRuns {

  private BlockRuns() {}

  /** Initialises the block for {@code input} in a manager of its own and counts its parameters. */
  public static long trainableParameters(Block block, Shape input) {
    try (NDManager manager = NDManager.newBaseManager()) {
      block.initialize(manager, DataType.FLOAT32, input);
      return ParameterCounter.trainable(block);
    }
  }

  /** Initialises the block for {@code input}, then forwards one standard-normal batch of it. */
  public static NDArray forwardRandom(
      NDManager manager, Block block, Shape input, boolean training) {
    block.initialize(manager, DataType.FLOAT32, input);
    return block
        .forward(
            new ParameterStore(manager, false), new NDList(manager.randomNormal(input)), training)
        .singletonOrThrow();
  }
}
