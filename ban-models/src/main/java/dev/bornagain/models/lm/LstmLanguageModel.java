package dev.bornagain.models.lm;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import com.google.common.base.Preconditions;
import dev.bornagain.models.StatefulBlock;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * A word-level LSTM language model (Zaremba, Sutskever, Vinyals 2014; Press and Wolf 2017 for the
 * tied weights): token embedding, dropout, stacked LSTM layers with dropout between them, dropout,
 * and a linear decoder over the vocabulary whose weight can be the embedding matrix itself.
 *
 * <p>Input: token ids of shape {@code (batch, time)} (any numeric type; they are converted to
 * int64). Output: logits of shape {@code (batch, time, vocabulary)}.
 *
 * <p>The hidden and cell states are carried from one forward pass to the next (truncated
 * back-propagation through time over contiguous batches): after each pass they are detached with
 * {@code stopGradient} and moved to a manager the block owns (a sub-manager of the one it was
 * initialised with), so they outlive the batch's manager; the previous state is closed. A batch of
 * a different size, or {@link #resetState()}, starts again from zeros.
 *
 * <p>Initialisation: embedding (and an untied decoder weight) {@code U(-0.1, 0.1)}, decoder bias 0,
 * as in PyTorch's word-language-model example; LSTM weights and biases {@code U(-1/sqrt(h),
 * 1/sqrt(h))}, PyTorch's default for {@code nn.LSTM}. DJL's LSTM has two bias vectors per layer, as
 * PyTorch's does, so the parameter counts agree (2 x 1500, tied, vocabulary 10,000: 51,034,000).
 */
public final class LstmLanguageModel extends AbstractBlock implements StatefulBlock {

  private static final byte VERSION = 1;

  private final int vocabularySize;
  private final int embeddingSize;
  private final int hiddenSize;
  private final float dropRate;
  private final Parameter embedding;
  private final Parameter decoderWeight;
  private final Parameter decoderBias;
  private final LSTM lstm;

  private NDManager stateManager;
  private NDArray hidden;
  private NDArray cell;

  private LstmLanguageModel(Builder b) {
    super(VERSION);
    this.vocabularySize = b.vocabularySize;
    this.embeddingSize = b.embeddingSize > 0 ? b.embeddingSize : b.hiddenSize;
    this.hiddenSize = b.hiddenSize;
    this.dropRate = b.dropRate;
    Initializer wordInit = new UniformInitializer(0.1f);
    this.embedding = addParameter(wordMatrix("embedding", wordInit));
    this.decoderWeight =
        b.tiedWeights ? embedding : addParameter(wordMatrix("decoder_weight", wordInit));
    this.decoderBias =
        addParameter(
            Parameter.builder().setName("decoder_bias").setType(Parameter.Type.BIAS).build());
    this.lstm =
        addChildBlock(
            "lstm",
            LSTM.builder()
                .setStateSize(hiddenSize)
                .setNumLayers(b.numLayers)
                .optDropRate(dropRate)
                .optBatchFirst(true)
                .optReturnState(true)
                .build());
    Initializer lstmInit = new UniformInitializer((float) (1.0 / Math.sqrt(hiddenSize)));
    lstm.setInitializer(lstmInit, Parameter.Type.WEIGHT);
    lstm.setInitializer(lstmInit, Parameter.Type.BIAS);
  }

  /** A weight matrix of one row per word: the embedding, or the untied decoder. */
  private static Parameter wordMatrix(String name, Initializer init) {
    return Parameter.builder()
        .setName(name)
        .setType(Parameter.Type.WEIGHT)
        .optInitializer(init)
        .build();
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether the decoder uses the embedding matrix as its weight.
   *
   * @return true if the weights are tied
   */
  public boolean isTied() {
    return decoderWeight == embedding;
  }

  @Override
  public void resetState() {
    if (hidden != null) {
      hidden.close();
      cell.close();
    }
    hidden = null;
    cell = null;
  }

  /** The carried hidden state, {@code (layers, batch, hidden)}, or null; for tests. */
  NDArray carriedHidden() {
    return hidden;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray tokens = inputs.singletonOrThrow();
    Preconditions.checkArgument(
        tokens.getShape().dimension() == 2,
        "expected token ids of shape (batch, time) but got %s",
        tokens.getShape());
    Device device = tokens.getDevice();
    NDArray ids =
        tokens.getDataType() == DataType.INT64 ? tokens : tokens.toType(DataType.INT64, false);
    NDArray table = store.getValue(embedding, device, training);
    NDArray x =
        ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    x = dropout(x, training);

    long batch = tokens.getShape().get(0);
    NDList lstmInputs = new NDList(x);
    if (hidden != null && hidden.getShape().get(1) == batch && hidden.getDevice().equals(device)) {
      lstmInputs.add(hidden);
      lstmInputs.add(cell);
    }
    NDList outputs = lstm.forward(store, lstmInputs, training, params);
    keepState(outputs.get(1), outputs.get(2));

    NDArray y = dropout(outputs.get(0), training);
    NDArray weight = store.getValue(decoderWeight, device, training);
    NDArray bias = store.getValue(decoderBias, device, training);
    return Linear.linear(y, weight, bias);
  }

  private NDArray dropout(NDArray x, boolean training) {
    return dropRate > 0f ? Dropout.dropout(x, dropRate, training).singletonOrThrow() : x;
  }

  /** Detaches the new state, moves it to the block's own manager and closes the old one. */
  private void keepState(NDArray newHidden, NDArray newCell) {
    if (stateManager == null || !stateManager.isOpen()) {
      // Loaded or built without initialize(): fall back to a manager of our own.
      stateManager = NDManager.newBaseManager(newHidden.getDevice());
    }
    NDArray h = newHidden.stopGradient();
    NDArray c = newCell.stopGradient();
    h.attach(stateManager);
    c.attach(stateManager);
    resetState();
    hidden = h;
    cell = c;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), in.get(1), vocabularySize)};
  }

  @Override
  protected void prepare(Shape[] inputShapes) {
    embedding.setShape(new Shape(vocabularySize, embeddingSize));
    if (decoderWeight != embedding) {
      decoderWeight.setShape(new Shape(vocabularySize, hiddenSize));
    }
    decoderBias.setShape(new Shape(vocabularySize));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
    Shape tokens = inputs[0];
    Preconditions.checkArgument(
        tokens.dimension() == 2, "expected input shape (batch, time) but got %s", tokens);
    lstm.initialize(
        manager,
        dataType,
        new Shape(new long[] {tokens.get(0), tokens.get(1), embeddingSize}, "NTC"));
    adoptStateManager(manager);
  }

  @Override
  public void loadParameters(NDManager manager, DataInputStream is)
      throws IOException, MalformedModelException {
    super.loadParameters(manager, is);
    adoptStateManager(manager);
  }

  private void adoptStateManager(NDManager manager) {
    resetState();
    if (stateManager != null && stateManager.isOpen()) {
      stateManager.close();
    }
    stateManager = manager.newSubManager();
  }

  /** Builder: vocabulary, hidden size and number of layers are required. */
  public static final class Builder {
    private int vocabularySize;
    private int hiddenSize;
    private int numLayers;
    private int embeddingSize;
    private float dropRate;
    private boolean tiedWeights;

    private Builder() {}

    /**
     * Sets the vocabulary size, the number of output classes.
     *
     * @param vocabularySize the size, at least 1
     * @return this builder
     */
    public Builder setVocabularySize(int vocabularySize) {
      this.vocabularySize = vocabularySize;
      return this;
    }

    /**
     * Sets the units of each LSTM layer.
     *
     * @param hiddenSize the units, at least 1
     * @return this builder
     */
    public Builder setHiddenSize(int hiddenSize) {
      this.hiddenSize = hiddenSize;
      return this;
    }

    /**
     * Sets the number of stacked LSTM layers.
     *
     * @param numLayers the layers, at least 1
     * @return this builder
     */
    public Builder setNumLayers(int numLayers) {
      this.numLayers = numLayers;
      return this;
    }

    /**
     * Sets the embedding size (default: the hidden size).
     *
     * @param embeddingSize the size, at least 1
     * @return this builder
     */
    public Builder optEmbeddingSize(int embeddingSize) {
      Preconditions.checkArgument(
          embeddingSize >= 1, "embedding size must be >= 1 but was %s", embeddingSize);
      this.embeddingSize = embeddingSize;
      return this;
    }

    /**
     * Sets the dropout on the embeddings, between the LSTM layers and before the decoder (default
     * 0).
     *
     * @param dropRate the rate, in [0, 1)
     * @return this builder
     */
    public Builder optDropRate(float dropRate) {
      this.dropRate = dropRate;
      return this;
    }

    /**
     * Whether the decoder reuses the embedding matrix as its weight (default false); needs equal
     * embedding and hidden sizes.
     *
     * @param tiedWeights true to tie
     * @return this builder
     */
    public Builder optTiedWeights(boolean tiedWeights) {
      this.tiedWeights = tiedWeights;
      return this;
    }

    /**
     * Builds the model.
     *
     * @return the model, uninitialised
     * @throws IllegalArgumentException if the vocabulary, hidden size or number of layers is below
     *     1, the drop rate is outside [0, 1), or the weights are tied while the embedding and
     *     hidden sizes differ
     */
    public LstmLanguageModel build() {
      Preconditions.checkArgument(
          vocabularySize >= 1, "vocabulary size must be >= 1 but was %s", vocabularySize);
      Preconditions.checkArgument(
          hiddenSize >= 1, "LSTM hidden size must be >= 1 but was %s", hiddenSize);
      Preconditions.checkArgument(
          numLayers >= 1, "number of LSTM layers must be >= 1 but was %s", numLayers);
      Preconditions.checkArgument(
          dropRate >= 0f && dropRate < 1f, "dropout rate must be in [0, 1) but was %s", dropRate);
      Preconditions.checkArgument(
          !tiedWeights || embeddingSize == 0 || embeddingSize == hiddenSize,
          "tied weights need embedding size (%s) equal to hidden size (%s)",
          embeddingSize,
          hiddenSize);
      return new LstmLanguageModel(this);
    }
  }
}
