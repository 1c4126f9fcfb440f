package dev.bornagain.models.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * A {@link SequentialBlock} that frees each child's intermediate arrays as soon as the child has
 * run, instead of when the caller's manager closes.
 *
 * <p>DJL keeps every array an operation creates until its manager is closed, so a plain sequential
 * forward pass holds all activations of the whole network at once, even in inference mode. That is
 * tolerable for a ResNet but not for a DenseNet, whose concatenations grow quadratically with
 * depth: DenseNet-112-33 on one batch of 128 images needed more than 23 GB. Here each child runs in
 * a sub-manager; its output moves to the manager of the block's input and the rest (including the
 * previous child's output) is closed. On the PyTorch engine closing an array only drops DJL's
 * handle: tensors that autograd saved for the backward pass stay alive, so training is unaffected.
 *
 * <p>The image networks are built with {@link #channelsLast()}, which also lays the input out
 * channels-last before the first child ({@link ChannelsLast}). That adds no child, so the parameter
 * file is the same either way.
 */
public class ScopedSequentialBlock extends SequentialBlock {

  private final boolean channelsLast;

  /** Creates an empty block; add children as to a {@link SequentialBlock}. */
  public ScopedSequentialBlock() {
    this(false);
  }

  private ScopedSequentialBlock(boolean channelsLast) {
    this.channelsLast = channelsLast;
  }

  /**
   * Creates an empty block that lays 4-d (NCHW) input out channels-last before its first child.
   *
   * @return the block; add children as to a {@link SequentialBlock}
   */
  public static ScopedSequentialBlock channelsLast() {
    return new ScopedSequentialBlock(true);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return forwardScoped(inputs, (child, x) -> child.forward(store, x, training, params));
  }

  /** The form {@code Trainer.forward(data, labels)} calls: scoped the same way. */
  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList data, NDList labels, PairList<String, Object> params) {
    return forwardScoped(data, (child, x) -> child.forward(store, x, labels, params));
  }

  private NDList forwardScoped(NDList inputs, BiFunction<Block, NDList, NDList> childForward) {
    NDManager owner = inputs.head().getManager();
    NDList current = inputs;
    boolean currentIsInput = true;
    for (Block child : getChildren().values()) {
      try (NDManager scratch = owner.newSubManager()) {
        if (currentIsInput) {
          // The caller's arrays go back to the caller when the scratch manager closes.
          current.tempAttach(scratch);
          if (channelsLast) {
            current =
                current.stream()
                    .map(ChannelsLast::layOut)
                    .collect(Collectors.toCollection(NDList::new));
          }
        } else {
          current.attach(scratch);
        }
        NDList next = childForward.apply(child, current);
        next.attach(owner);
        current = next;
        currentIsInput = false;
      }
    }
    return current;
  }
}
