package dev.bornagain.datasets.text;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.evaluator.Evaluator;
import java.util.HashMap;
import java.util.Map;

/**
 * Perplexity, {@code exp(mean token cross-entropy)} with the natural log, as a DJL {@link
 * Evaluator}: labels (N, T) of token ids, predictions (N, T, V) of logits; every time step counts
 * as one token. The accumulator sums cross-entropy over all tokens seen and divides by their count
 * only at the end, so batches of different lengths are weighted by their tokens.
 */
public final class Perplexity extends Evaluator {

  private final Map<String, Double> crossEntropySums = new HashMap<>();
  private final Map<String, Long> tokenCounts = new HashMap<>();

  /** Creates the evaluator, named "Perplexity". */
  public Perplexity() {
    super("Perplexity");
  }

  /**
   * Returns {@code exp(meanCrossEntropy)}.
   *
   * @param meanCrossEntropy the mean per-token cross-entropy in nats
   * @return the perplexity
   * @throws IllegalArgumentException if the cross-entropy is negative or not finite
   */
  public static double fromMeanCrossEntropy(double meanCrossEntropy) {
    checkArgument(
        meanCrossEntropy >= 0 && Double.isFinite(meanCrossEntropy),
        "mean cross-entropy must be finite and >= 0 but was %s",
        meanCrossEntropy);
    return Math.exp(meanCrossEntropy);
  }

  /**
   * Returns the per-token cross-entropy {@code -log softmax(logits)[label]}, shape (N * T).
   *
   * @throws IllegalArgumentException if the shapes do not match or a label is out of range
   */
  private static NDArray tokenCrossEntropy(NDList labels, NDList predictions) {
    NDArray label = labels.head();
    NDArray logits = predictions.head();
    Shape logitShape = logits.getShape();
    int dims = logitShape.dimension();
    checkArgument(
        dims >= 2 && label.getShape().equals(logitShape.slice(0, dims - 1)),
        "Perplexity: labels have shape %s but logits of shape %s need labels of shape %s",
        label.getShape(),
        logitShape,
        dims >= 2 ? logitShape.slice(0, dims - 1) : "(N, T)");
    long vocabulary = logitShape.get(dims - 1);
    long tokens = label.size();
    NDArray ids = label.reshape(tokens).toType(DataType.INT64, false);
    long min = ids.min().getLong();
    long max = ids.max().getLong();
    checkArgument(
        min >= 0 && max < vocabulary,
        "Perplexity: token ids must lie in [0, %s) but ranged over [%s, %s]",
        vocabulary,
        min,
        max);
    NDArray logProbabilities = logits.reshape(tokens, vocabulary).logSoftmax(1);
    // The same pick index DJL's SoftmaxCrossEntropyLoss uses.
    return logProbabilities.get(new NDIndex().addAllDim().addPickDim(ids)).reshape(tokens).neg();
  }

  /**
   * Returns this batch's perplexity as a float32 scalar.
   *
   * @throws IllegalArgumentException if the shapes do not match or a label is out of range
   */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return tokenCrossEntropy(labels, predictions).mean().exp();
  }

  /** {@inheritDoc} */
  @Override
  public void addAccumulator(String key) {
    crossEntropySums.put(key, 0.0);
    tokenCounts.put(key, 0L);
  }

  /** {@inheritDoc} */
  @Override
  public void updateAccumulator(String key, NDList labels, NDList predictions) {
    updateAccumulators(new String[] {key}, labels, predictions);
  }

  /** {@inheritDoc} */
  @Override
  public void updateAccumulators(String[] keys, NDList labels, NDList predictions) {
    NDArray crossEntropy = tokenCrossEntropy(labels, predictions);
    double sum = crossEntropy.sum().toType(DataType.FLOAT64, false).getDouble();
    long count = crossEntropy.size();
    for (String key : keys) {
      crossEntropySums.merge(key, sum, Double::sum);
      tokenCounts.merge(key, count, Long::sum);
    }
  }

  /** {@inheritDoc} */
  @Override
  public void resetAccumulator(String key) {
    crossEntropySums.put(key, 0.0);
    tokenCounts.put(key, 0L);
  }

  /** Returns the perplexity over every token accumulated, or NaN if none. */
  @Override
  public float getAccumulator(String key) {
    Long count = tokenCounts.get(key);
    if (count == null || count == 0) {
      return Float.NaN;
    }
    return (float) Math.exp(crossEntropySums.get(key) / count);
  }
}
