package dev.bornagain.models.serving;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.bornagain.models.StatefulBlock;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * An exported language model's input side: it takes token ids of shape {@code (batch, time)}, each
 * row a text read from its first token, checks them against the vocabulary, and runs the network
 * from a zero hidden state. Training carries the state from one window to the next; a served model
 * must not, or one request's answer would depend on the request before it. The state is cleared
 * before and after every call, so nothing outlives it.
 *
 * <p>The block has no parameters of its own and writes none: {@code saveParameters} and {@code
 * loadParameters} are the network's, so the parameter file is that of the network alone.
 */
public final class TokenSequenceBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  private final Block network;
  private final StatefulBlock state;
  private final int vocabularySize;

  /**
   * Wraps a language model.
   *
   * @param network the network, taking token ids {@code (batch, time)} and carrying its state
   * @param vocabularySize the number of token ids, at least 1
   * @throws IllegalArgumentException if the network carries no state it can forget, or the
   *     vocabulary is empty
   */
  public TokenSequenceBlock(Block network, int vocabularySize) {
    super(VERSION);
    this.network = checkNotNull(network, "network");
    checkArgument(
        network instanceof StatefulBlock,
        "a language model that forgets its state between calls is needed, not %s",
        network.getClass().getSimpleName());
    checkArgument(vocabularySize >= 1, "vocabulary size must be >= 1 but was %s", vocabularySize);
    this.state = (StatefulBlock) network;
    this.vocabularySize = vocabularySize;
    addChildBlock("network", network);
  }

  /** Returns the wrapped network. */
  public Block network() {
    return network;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the input is not integer token ids of shape (batch, time)
   *     within the vocabulary
   */
  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray tokens = inputs.singletonOrThrow();
    Shape shape = tokens.getShape();
    if (shape.dimension() != 2 || shape.size() == 0) {
      throw new IllegalArgumentException(
          "this language model takes token ids of shape (batch, time), one text per row, but got "
              + shape);
    }
    DataType type = tokens.getDataType();
    if (!type.isInteger()) {
      throw new IllegalArgumentException(
          "this language model takes integer token ids (the line numbers of synset.txt, from 0),"
              + " but got "
              + type);
    }
    long min = tokens.min().toType(DataType.INT64, false).getLong();
    long max = tokens.max().toType(DataType.INT64, false).getLong();
    if (min < 0 || max >= vocabularySize) {
      throw new IllegalArgumentException(
          String.format(
              "token ids must be in [0, %d) (the lines of synset.txt) but ranged from %d to %d",
              vocabularySize, min, max));
    }
    state.resetState();
    try {
      return network.forward(parameterStore, inputs, training, params);
    } finally {
      state.resetState();
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return network.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    network.initialize(manager, dataType, inputShapes);
  }

  /** Writes the network's parameters only: this block has none, and adds no header. */
  @Override
  public void saveParameters(DataOutputStream os) throws IOException {
    network.saveParameters(os);
  }

  /** Reads the network's parameters, as {@link #saveParameters} wrote them. */
  @Override
  public void loadParameters(NDManager manager, DataInputStream is)
      throws IOException, MalformedModelException {
    network.loadParameters(manager, is);
  }
}
