package dev.bornagain.datasets.text;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.util.Progress;
import dev.bornagain.datasets.Split;

/**
 * A token stream laid out for truncated back-propagation through time, as a DJL dataset.
 *
 * <p>The stream is cut into {@code batchSize} contiguous rows of {@code rowLength = tokens /
 * batchSize} tokens (the remainder is dropped). Batch {@code b} holds, for every row {@code r}, the
 * window of {@code bptt} tokens starting at {@code b * bptt} (the last window may be shorter): data
 * of shape (N, T) and label of shape (N, T), both int64, where the label is the data shifted by one
 * token. Row {@code r} of batch {@code b + 1} continues row {@code r} of batch {@code b}, so a
 * model carries its hidden state from one batch to the next. Batches always come in order;
 * shuffling is refused.
 *
 * <p>Internally record {@code i} is row {@code i % batchSize} of window {@code i / batchSize}; the
 * sampler is a sequential sampler of {@code batchSize}, which {@link Builder#setSampling(int,
 * boolean)} sets up.
 */
public final class LanguageModelDataset extends RandomAccessDataset {

  /** The default number of unrolled steps. */
  public static final int DEFAULT_BPTT = 35;

  private final int[] tokens;
  private final int batchSize;
  private final int bptt;
  private final int rowLength;
  private final int windowCount;

  private LanguageModelDataset(Builder builder) {
    super(builder);
    this.tokens = builder.tokens;
    this.batchSize = builder.batchSize;
    this.bptt = builder.bptt;
    this.rowLength = tokens.length / batchSize;
    this.windowCount = (rowLength - 1 + bptt - 1) / bptt;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@inheritDoc} */
  @Override
  public Record get(NDManager manager, long index) {
    checkElementIndex(Math.toIntExact(index), windowCount * batchSize, "record index");
    int window = (int) (index / batchSize);
    int row = (int) (index % batchSize);
    int length = windowLength(window);
    int start = row * rowLength + window * bptt;
    long[] data = new long[length];
    long[] label = new long[length];
    for (int t = 0; t < length; t++) {
      data[t] = tokens[start + t];
      label[t] = tokens[start + t + 1];
    }
    Shape shape = new Shape(length);
    return new Record(
        new NDList(manager.create(data, shape)), new NDList(manager.create(label, shape)));
  }

  /** {@inheritDoc} */
  @Override
  protected long availableSize() {
    return (long) windowCount * batchSize;
  }

  /** {@inheritDoc} Does nothing: the tokens are given to the builder. */
  @Override
  public void prepare(Progress progress) {}

  /** Returns the number of rows N of every batch. */
  public int batchSize() {
    return batchSize;
  }

  /** Returns the number of unrolled steps T of a full window. */
  public int bptt() {
    return bptt;
  }

  /** Returns the tokens in each row. */
  public int rowLength() {
    return rowLength;
  }

  /** Returns the number of batches in an epoch. */
  public int windowCount() {
    return windowCount;
  }

  /**
   * Returns the number of steps of window {@code window}: {@code bptt}, or fewer for the last.
   *
   * @throws IndexOutOfBoundsException if {@code window} is not in [0, windowCount)
   */
  public int windowLength(int window) {
    checkElementIndex(window, windowCount, "window");
    return Math.min(bptt, rowLength - 1 - window * bptt);
  }

  /** Returns the number of predicted tokens in an epoch: {@code batchSize * (rowLength - 1)}. */
  public long predictedTokens() {
    return (long) batchSize * (rowLength - 1);
  }

  /** Builds a {@link LanguageModelDataset}. */
  public static final class Builder extends BaseBuilder<Builder> {

    private int[] tokens;
    private int batchSize;
    private int bptt = DEFAULT_BPTT;

    private Builder() {}

    /** {@inheritDoc} */
    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the token stream (required; this or {@link #setCorpus}).
     *
     * @param tokens the token ids, copied
     * @return this builder
     */
    public Builder setTokens(int[] tokens) {
      this.tokens = checkNotNull(tokens, "tokens").clone();
      return this;
    }

    /**
     * Sets the token stream to one split of a corpus.
     *
     * @param corpus the corpus
     * @param split the split
     * @return this builder
     */
    public Builder setCorpus(PennTreebankCorpus corpus, Split split) {
      this.tokens = corpus.tokens(split);
      return this;
    }

    /**
     * Sets the number of rows per batch (required). Batches are always in order.
     *
     * @param batchSize the number of contiguous rows N
     * @param random must be false
     * @return this builder
     * @throws IllegalArgumentException if {@code random} is true or {@code batchSize < 1}
     */
    @Override
    public Builder setSampling(int batchSize, boolean random) {
      return setSampling(batchSize, random, false);
    }

    /**
     * Sets the number of rows per batch (required). Every batch is full, so {@code dropLast}
     * changes nothing.
     *
     * @param batchSize the number of contiguous rows N
     * @param random must be false
     * @param dropLast ignored: there is never a partial batch
     * @return this builder
     * @throws IllegalArgumentException if {@code random} is true or {@code batchSize < 1}
     */
    @Override
    public Builder setSampling(int batchSize, boolean random, boolean dropLast) {
      checkArgument(!random, "language model batches must stay in order to carry the hidden state");
      checkArgument(batchSize >= 1, "batch size must be >= 1 but was %s", batchSize);
      this.batchSize = batchSize;
      return super.setSampling(batchSize, false, false);
    }

    /**
     * Refused: the sampler must read the windows in order, one row per record.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Builder setSampling(Sampler sampler) {
      throw new UnsupportedOperationException(
          "a language model dataset reads its windows in order; use setSampling(batchSize, false)");
    }

    /**
     * Sets the number of unrolled steps per window (default 35).
     *
     * @param bptt the steps T, &gt;= 1
     * @return this builder
     * @throws IllegalArgumentException if {@code bptt < 1}
     */
    public Builder optBptt(int bptt) {
      checkArgument(bptt >= 1, "bptt must be >= 1 but was %s", bptt);
      this.bptt = bptt;
      return this;
    }

    /**
     * Builds the dataset.
     *
     * @return the dataset
     * @throws IllegalStateException if the tokens or the sampling are not set
     * @throws IllegalArgumentException if there are fewer than two tokens per row, or a limit is
     *     set that is not a multiple of the batch size (a batch would mix windows)
     */
    public LanguageModelDataset build() {
      checkState(tokens != null, "setTokens or setCorpus must be called before build");
      checkState(batchSize > 0, "setSampling(batchSize, false) must be called before build");
      checkArgument(
          tokens.length / batchSize >= 2,
          "%s tokens make rows of %s tokens for batch size %s; need at least 2",
          tokens.length,
          tokens.length / batchSize,
          batchSize);
      checkArgument(
          limit == Long.MAX_VALUE || limit % batchSize == 0,
          "limit %s must be a multiple of the batch size %s (records are rows of a batch)",
          limit,
          batchSize);
      return new LanguageModelDataset(this);
    }
  }
}
