package dev.bornagain.models.layers;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** Counts a block's trainable parameters the way PyTorch's {@code model.parameters()} does. */
public final class ParameterCounter {

  private ParameterCounter() {}

  /**
   * The number of trainable scalars: every parameter except batch normalisation's running mean and
   * variance (buffers in PyTorch), each shared parameter counted once (tied weights).
   *
   * @param block an initialised block
   * @return the count
   * @throws IllegalStateException if a parameter has no shape yet (block not initialised)
   */
  public static long trainable(Block block) {
    Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    long total = 0;
    for (Parameter p : block.getParameters().values()) {
      if (p.getType() == Parameter.Type.RUNNING_MEAN
          || p.getType() == Parameter.Type.RUNNING_VAR
          || !seen.add(p)) {
        continue;
      }
      if (p.getShape() == null) {
        throw new IllegalStateException(
            "parameter " + p.getName() + " has no shape: initialise the block first");
      }
      total += p.getShape().size();
    }
    return total;
  }
}
