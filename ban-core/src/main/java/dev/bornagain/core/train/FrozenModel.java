package dev.bornagain.core.train;

import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.bornagain.models.StatefulBlock;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A trained block that only predicts: parameters frozen (no gradient), forward passes in inference
 * mode (batch-norm running statistics, no dropout) through its own parameter stores, one per device
 * it is asked to run on, so it never shares state with a trainer. Owns its DJL {@link Model}; close
 * it to free its native memory.
 */
public final class FrozenModel implements AutoCloseable {

  private final String name;
  private final Model model;
  private final Map<Device, ParameterStore> stores = new ConcurrentHashMap<>();

  private FrozenModel(String name, Model model) {
    this.name = name;
    this.model = model;
  }

  /**
   * Builds a frozen model from a block and saved parameters.
   *
   * @param name the member's name, e.g. "teacher" or "BAN-2"
   * @param block a fresh block of the architecture the parameters were saved from
   * @param inputShapes the shapes of one input, used to initialise the block before loading
   * @param parameters the trained parameters
   * @param device the device holding the master copy of the parameters
   * @return the frozen model
   * @throws IOException if the parameters cannot be read
   * @throws IllegalArgumentException if the parameters do not fit the block
   */
  public static FrozenModel load(
      String name,
      Block block,
      List<Shape> inputShapes,
      ParameterSnapshot parameters,
      Device device)
      throws IOException {
    checkNotNull(block, "block");
    Model model = Model.newInstance(name, device);
    try {
      model.setBlock(block);
      block.initialize(model.getNDManager(), DataType.FLOAT32, inputShapes.toArray(new Shape[0]));
      parameters.loadInto(block, model.getNDManager());
      block.freezeParameters(true);
      return new FrozenModel(name, model);
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Returns the member's name. */
  public String name() {
    return name;
  }

  /** Returns the frozen block. */
  public Block block() {
    return model.getBlock();
  }

  /**
   * Runs the block in inference mode on the input's device.
   *
   * @param input the input arrays, all on one device
   * @return the outputs, detached from any gradient graph, owned by the input's manager
   */
  public NDList forward(NDList input) {
    Device device = input.head().getDevice();
    ParameterStore store =
        stores.computeIfAbsent(
            device, d -> new ParameterStore(model.getNDManager().newSubManager(d), false));
    NDList output = model.getBlock().forward(store, input, false);
    NDList detached = new NDList(output.size());
    output.forEach(array -> detached.add(array.stopGradient()));
    return detached;
  }

  /** Forgets carried state (hidden states of a language model); no-op for stateless blocks. */
  public void resetState() {
    if (model.getBlock() instanceof StatefulBlock stateful) {
      stateful.resetState();
    }
  }

  /** Frees the model's native memory. */
  @Override
  public void close() {
    model.close();
  }
}
