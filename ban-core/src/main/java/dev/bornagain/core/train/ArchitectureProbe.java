package dev.bornagain.core.train;

import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a generation's architecture once on the first training batch, before anything trains: a
 * fresh block initialised in a scratch manager on the CPU, then one forward pass in inference mode
 * (no gradient). Teacher and student disagreements (class count, input geometry) then fail in
 * seconds, not after the teacher has trained.
 *
 * @param parameters the block's parameter names and shapes
 * @param output the shape of its first output on the batch
 */
public record ArchitectureProbe(ParameterShapes parameters, Shape output) {

  /** Validates the record. */
  public ArchitectureProbe {
    checkNotNull(parameters, "parameters");
    checkNotNull(output, "output");
  }

  /**
   * Initialises a fresh block for the input shapes and runs it on a batch. The block is spent.
   *
   * @param name the generation's name, for messages
   * @param fresh a fresh block
   * @param inputShapes the shapes of one training batch's data arrays
   * @param batch the first training batch's data, on the CPU
   * @return the parameters and the output shape
   * @throws IllegalArgumentException if the block cannot run on the batch (the message names the
   *     generation, the input shapes and the engine's reason)
   */
  public static ArchitectureProbe run(
      String name, Block fresh, List<Shape> inputShapes, NDList batch) {
    checkNotNull(fresh, "fresh");
    try (NDManager scratch = NDManager.newBaseManager(Device.cpu())) {
      ParameterShapes parameters;
      NDList output;
      try {
        fresh.initialize(scratch, DataType.FLOAT32, inputShapes.toArray(new Shape[0]));
        parameters = ParameterShapes.of(fresh);
        output = fresh.forward(new ParameterStore(scratch, false), batch, false);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            name
                + " cannot run on the first training batch (input shapes "
                + Arrays.toString(batch.getShapes())
                + "): "
                + e.getMessage(),
            e);
      }
      return new ArchitectureProbe(parameters, output.head().getShape());
    }
  }
}
