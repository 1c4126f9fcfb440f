package dev.bornagain.core.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import dev.bornagain.core.data.BatchCheck;
import java.io.IOException;
import java.util.function.Function;

/** Scores log-probabilities against hard labels over a whole dataset. */
public final class Evaluation {

  private Evaluation() {}

  /**
   * Scores a predictor on a dataset; each batch lives in its own sub-manager, closed after use.
   *
   * @param dataset the dataset; labels hold class indices, shape (N) or (N, T)
   * @param check the checks of every batch (input shape, finite values, labels in range), which
   *     also names the dataset in messages
   * @param manager the manager under which batches are created
   * @param logProbabilities maps a batch's data to log-probabilities, shape (N, C) or (N, T, C)
   * @return error and cross-entropy
   * @throws IOException if the dataset cannot be read
   * @throws IllegalArgumentException if the dataset is empty, shapes do not fit the labels, or a
   *     batch fails its check (the message names the set, the batch and the value)
   */
  public static EvaluationResult run(
      Dataset dataset,
      BatchCheck check,
      NDManager manager,
      Function<NDList, NDArray> logProbabilities)
      throws IOException {
    long samples = 0;
    long errors = 0;
    double crossEntropy = 0;
    try (NDManager scope = manager.newSubManager()) {
      long index = 0;
      for (Batch batch : dataset.getData(scope)) {
        try (batch) {
          check.checkData(index, batch.getData());
          NDArray labels = batch.getLabels().head();
          NDArray logP = logProbabilities.apply(batch.getData());
          long count = labels.size();
          long classes = logP.getShape().get(logP.getShape().dimension() - 1);
          check.checkLabels(index, batch.getLabels(), classes);
          index++;
          checkArgument(
              logP.size() == count * classes,
              "predictions of shape %s do not fit labels of shape %s",
              logP.getShape(),
              labels.getShape());
          NDArray flatLabels = labels.reshape(count).toType(DataType.INT64, false);
          NDArray flat = logP.reshape(count, classes);
          NDArray picked = flat.get(new NDIndex().addAllDim().addPickDim(flatLabels));
          crossEntropy -= picked.sum().toType(DataType.FLOAT64, false).getDouble();
          errors += flat.argMax(1).neq(flatLabels).sum().toType(DataType.INT64, false).getLong();
          samples += count;
        }
      }
    } catch (TranslateException e) {
      throw new IOException("cannot read the " + check.role(), e);
    }
    checkArgument(samples > 0, "the %s is empty: it yielded no samples", check.role());
    return new EvaluationResult(samples, 100.0 * errors / samples, crossEntropy / samples);
  }
}
