package dev.bornagain.models.ensemble;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.List;

/** Averaging members' predictions in probability space, as the paper's ensembles do. */
public final class Probabilities {

  private Probabilities() {}

  /**
   * Returns {@code log((1/k) sum_i softmax(logits_i))} over the last axis, computed as a
   * log-sum-exp of log-softmaxes so that it stays finite where a probability underflows. Its
   * softmax is the mean of the members' softmaxes, so it can stand in for a teacher's logits.
   *
   * @param logits the members' logits, all of one shape
   * @return the log of the mean probabilities, same shape
   * @throws IllegalArgumentException if the list is empty or the shapes differ
   */
  public static NDArray logMean(List<NDArray> logits) {
    checkArgument(!logits.isEmpty(), "an ensemble needs at least one member");
    NDArray first = logits.get(0);
    for (NDArray other : logits) {
      checkArgument(
          other.getShape().equals(first.getShape()),
          "ensemble members disagree on output shape: %s and %s",
          first.getShape(),
          other.getShape());
    }
    int axis = first.getShape().dimension() - 1;
    if (logits.size() == 1) {
      return first.logSoftmax(axis);
    }
    NDList logProbabilities = new NDList(logits.size());
    logits.forEach(l -> logProbabilities.add(l.logSoftmax(axis)));
    NDArray stacked = NDArrays.stack(logProbabilities);
    // log-sum-exp over the members, shifted by the maximum for stability.
    NDArray max = stacked.max(new int[] {0}, true);
    NDArray sum = stacked.sub(max).exp().sum(new int[] {0});
    return sum.log().add(max.squeeze(0)).sub(Math.log(logits.size()));
  }

  /**
   * Returns {@code (1/k) sum_i softmax(logits_i)} over the last axis.
   *
   * @param logits the members' logits, all of one shape
   * @return the mean probabilities, same shape
   * @throws IllegalArgumentException if the list is empty or the shapes differ
   */
  public static NDArray mean(List<NDArray> logits) {
    checkArgument(!logits.isEmpty(), "an ensemble needs at least one member");
    int axis = logits.get(0).getShape().dimension() - 1;
    NDArray sum = null;
    for (NDArray l : logits) {
      checkArgument(
          l.getShape().equals(logits.get(0).getShape()),
          "ensemble members disagree on output shape: %s and %s",
          logits.get(0).getShape(),
          l.getShape());
      NDArray p = l.softmax(axis);
      sum = sum == null ? p : sum.add(p);
    }
    return sum.div(logits.size());
  }
}
