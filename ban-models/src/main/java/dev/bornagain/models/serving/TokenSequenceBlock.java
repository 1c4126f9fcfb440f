package dev.bornagain.models.serving;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.bornagain.models.StatefulBlock;

/**
 * An exported language model's input side: it takes token ids of shape {@code (batch, time)}, each
 * row a text read from its first token, checks them against the vocabulary, and runs the network
 * from a zero hidden state. Training carries the state from one window to the next; a served model
 * must not, or one request's answer would depend on the request before it. The state is cleared
 * before and after every call, so nothing outlives it, and calls on one block take turns.
 *
 * <p>Like every {@link ServedInputBlock}, it has no parameters: the parameter file is the
 * network's.
 */
public final class TokenSequenceBlock extends ServedInputBlock {

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
    super(network);
    checkArgument(
        network instanceof StatefulBlock,
        "a language model that forgets its state between calls is needed, not %s",
        network.getClass().getSimpleName());
    checkArgument(vocabularySize >= 1, "vocabulary size must be >= 1 but was %s", vocabularySize);
    this.state = (StatefulBlock) network;
    this.vocabularySize = vocabularySize;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the input is not integer token ids of shape (batch, time)
   *     within the vocabulary
   */
  @Override
  protected synchronized NDList forwardInternal(
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
    // Synchronized: the state lives in the network, so predictors that share this block (DJL
    // Serving's workers) take turns instead of reading each other's state.
    state.resetState();
    try {
      return network.forward(parameterStore, inputs, training, params);
    } finally {
      state.resetState();
    }
  }
}
