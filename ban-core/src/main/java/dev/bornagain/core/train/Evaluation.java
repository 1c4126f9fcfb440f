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
import java.io.IOException;
import java.util.function.Function;

/** Scores log-probabilities against hard labels over a whole dataset. */
public final class Evaluation {

  private Evaluation() {}

  /**
   * Scores a predictor on a dataset; each batch lives in its own sub-manager, closed after use.
   *
   * @param dataset the dataset; labels hold class indices, shape (N) or (N, T)
   * @param manager the manager under which batches are created
   * @param logProbabilities maps a batch's data to log-probabilities, shape (N, C) or (N, T, C)
   * @return error and cross-entropy
   * @throws IOException if the dataset cannot be read
   * @throws IllegalArgumentException if the dataset is empty or shapes do not fit the labels
   */
  public static EvaluationResult run(
      Dataset dataset, NDManager manager, Function<NDList, NDArray> logProbabilities)
      throws IOException {
    long samples = 0;
    long errors = 0;
    double crossEntropy = 0;
    try (NDManager scope = manager.newSubManager()) {
      for (Batch batch : dataset.getData(scope)) {
        try (batch) {
          NDArray labels = batch.getLabels().head();
          NDArray logP = logProbabilities.apply(batch.getData());
          long count = labels.size();
          long classes = logP.getShape().get(logP.getShape().dimension() - 1);
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
      throw new IOException("cannot read the evaluation dataset", e);
    }
    checkArgument(samples > 0, "the evaluation dataset is empty");
    return new EvaluationResult(samples, 100.0 * errors / samples, crossEntropy / samples);
  }
}
