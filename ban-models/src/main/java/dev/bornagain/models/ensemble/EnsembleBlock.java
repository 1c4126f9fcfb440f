package dev.bornagain.models.ensemble;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.collect.ImmutableList;
import dev.bornagain.models.StatefulBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's ensemble as a DJL block: its members run in inference mode (batch-norm running
 * statistics, no dropout), whatever the caller asks, and the block returns the mean of their
 * softmaxes over the last axis, {@code (1/k) sum_i softmax(f_i(x))}, or the log of that mean for a
 * loss that wants log-probabilities. Averaging probabilities, not logits, is what Ens*k means.
 *
 * <p>The members are child blocks, so {@code saveParameters} writes them one after another and
 * {@code Model.save}/{@code Model.load} work on an ensemble as on any block. One member gives that
 * network's softmax, which is how a single generation is served.
 */
public final class EnsembleBlock extends AbstractBlock implements StatefulBlock {

  private static final byte VERSION = 1;

  /** What the block returns. */
  public enum Output {
    /** The mean of the members' probabilities; each sample sums to 1. */
    PROBABILITIES,
    /** The log of that mean, computed stably (a log-sum-exp of log-softmaxes). */
    LOG_PROBABILITIES
  }

  private final ImmutableList<Block> members;
  private final Output output;

  /**
   * Creates an ensemble of blocks; they become its children.
   *
   * @param members the members, at least one, each producing logits of one shape
   * @param output probabilities or their log
   * @throws IllegalArgumentException if there are no members
   */
  public EnsembleBlock(List<Block> members, Output output) {
    super(VERSION);
    checkArgument(!members.isEmpty(), "an ensemble needs at least one member");
    this.members = ImmutableList.copyOf(members);
    this.output = checkNotNull(output, "output");
    for (int i = 0; i < members.size(); i++) {
      addChildBlock("member" + i, members.get(i));
    }
  }

  /** Returns the number of members. */
  public int size() {
    return members.size();
  }

  /**
   * Returns one member.
   *
   * @param index the member's position, from 0
   * @return the member block
   * @throws IndexOutOfBoundsException if there is no such member
   */
  public Block member(int index) {
    checkElementIndex(index, members.size(), "member index");
    return members.get(index);
  }

  /** Returns what the block returns. */
  public Output output() {
    return output;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    List<NDArray> logits = new ArrayList<>(members.size());
    for (Block member : members) {
      // Members never train inside an ensemble: inference mode whatever the caller asks.
      logits.add(member.forward(parameterStore, inputs, false, params).head());
    }
    return new NDList(
        output == Output.PROBABILITIES
            ? Probabilities.mean(logits)
            : Probabilities.logMean(logits));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return members.get(0).getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block member : members) {
      member.initialize(manager, dataType, inputShapes);
    }
  }

  /** Forgets the carried state of members that have some (language models). */
  @Override
  public void resetState() {
    for (Block member : members) {
      if (member instanceof StatefulBlock stateful) {
        stateful.resetState();
      }
    }
  }
}
