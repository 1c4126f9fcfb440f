package dev.bornagain.core.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Checks every batch of a dataset as it is used, so that bad data fails with a message naming the
 * set, the batch and the value instead of a NaN loss or an engine error: the input has the training
 * set's shape (the batch dimension aside, and a token sequence's length, whose last window may be
 * shorter), its values are finite, and every label is a class index: a whole number in [0,
 * classes).
 *
 * <p>Each check is a handful of whole-batch operations and one read of a boolean, small beside a
 * forward pass; the offending element is searched for only once a check has failed.
 */
public final class BatchCheck {

  private final String role;
  private final ImmutableList<Shape> expected;

  private BatchCheck(String role, ImmutableList<Shape> expected) {
    this.role = role;
    this.expected = expected;
  }

  /**
   * Creates the check of one dataset.
   *
   * @param role what the dataset is, for messages, e.g. "validation set"
   * @param trainingShapes the shapes of a training batch's data arrays (the batch dimension first),
   *     or an empty list to skip the shape check
   * @return the check
   */
  public static BatchCheck of(String role, List<Shape> trainingShapes) {
    return new BatchCheck(checkNotNull(role, "role"), ImmutableList.copyOf(trainingShapes));
  }

  /**
   * Reads the shapes of a dataset's first batch (on the CPU, in a manager closed at once).
   *
   * @param dataset the dataset
   * @param role what it is, for messages
   * @return the shapes of its data arrays
   * @throws IOException if the dataset cannot be read
   * @throws IllegalArgumentException if it yields no batch (the message names the role)
   */
  public static ImmutableList<Shape> firstBatchShapes(Dataset dataset, String role)
      throws IOException {
    return withFirstBatch(
        dataset,
        role,
        first ->
            first.getData().stream()
                .map(NDArray::getShape)
                .collect(ImmutableList.toImmutableList()));
  }

  /** Reads a dataset's first batch on the CPU, in a manager closed at once, and applies a step. */
  private static <T> T withFirstBatch(Dataset dataset, String role, Function<Batch, T> step)
      throws IOException {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Iterator<Batch> batches = dataset.getData(manager).iterator();
      checkArgument(batches.hasNext(), "the %s is empty: it yielded no batches", role);
      try (Batch first = batches.next()) {
        return step.apply(first);
      }
    } catch (TranslateException e) {
      throw new IOException("cannot read the " + role, e);
    }
  }

  /** Returns what the dataset is, e.g. "validation set". */
  public String role() {
    return role;
  }

  /**
   * Checks a whole batch: shapes, finite input, labels in [0, classes).
   *
   * @param batch the batch's index in the epoch
   * @param data the batch's data
   * @param labels the batch's labels (the first array holds the class indices)
   * @param classes the number of classes the network predicts
   * @throws IllegalArgumentException naming the set, the batch and the offending shape or value
   */
  public void check(long batch, NDList data, NDList labels, long classes) {
    checkData(batch, data);
    checkLabels(batch, labels, classes);
  }

  /**
   * Checks a dataset's first batch (shape, finite values) before the dataset is used, reading it on
   * the CPU in a manager closed at once.
   *
   * @param dataset the dataset
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException if it is empty, or its first batch fails the check (the
   *     message names the set and both shapes)
   */
  public void checkFirstBatch(Dataset dataset) throws IOException {
    withFirstBatch(
        dataset,
        role,
        first -> {
          checkData(0, first.getData());
          return null;
        });
  }

  /**
   * Checks a batch's input: the training set's shape and finite values.
   *
   * @param batch the batch's index
   * @param data the batch's data
   * @throws IllegalArgumentException naming the set, the batch and the shape or value
   */
  public void checkData(long batch, NDList data) {
    checkShapes(batch, data);
    for (int a = 0; a < data.size(); a++) {
      NDArray array = data.get(a);
      if (!array.getDataType().isFloating() || array.isEmpty()) {
        continue;
      }
      NDArray bad = array.isNaN().logicalOr(array.isInfinite());
      if (bad.any().getBoolean()) {
        long flat = bad.flatten().toType(DataType.INT32, false).argMax().getLong();
        double value = array.flatten().get(flat).toType(DataType.FLOAT64, false).getDouble();
        long perSample = perSample(array);
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s, batch %d: input value %s at sample %d (element %d of %d%s): inputs must be"
                    + " finite",
                "the " + role,
                batch,
                value,
                flat / perSample,
                flat % perSample,
                perSample,
                data.size() > 1 ? ", input " + a : ""));
      }
    }
  }

  /**
   * Checks that every label of a batch is a class index: a whole number in [0, classes) (a label
   * such as 1.5 is refused).
   *
   * @param batch the batch's index
   * @param labels the batch's labels; the first array holds the class indices
   * @param classes the number of classes the network predicts
   * @throws IllegalArgumentException naming the set, the batch, the sample and the label
   */
  public void checkLabels(long batch, NDList labels, long classes) {
    checkArgument(!labels.isEmpty(), "the %s, batch %s: the batch has no labels", role, batch);
    NDArray indices = labels.head();
    if (indices.isEmpty()) {
      return;
    }
    NDArray flatLabels = indices.toType(DataType.FLOAT64, false).flatten();
    NDArray bad = flatLabels.lt(0).logicalOr(flatLabels.gte(classes)).logicalOr(flatLabels.isNaN());
    if (indices.getDataType().isFloating()) {
      // 1.5 is in range but names no class (a cross-entropy would read it as class 1).
      bad = bad.logicalOr(flatLabels.neq(flatLabels.floor()));
    }
    if (!bad.any().getBoolean()) {
      return;
    }
    long flat = bad.toType(DataType.INT32, false).argMax().getLong();
    double label = flatLabels.get(flat).getDouble();
    long perSample = perSample(indices);
    throw new IllegalArgumentException(
        String.format(
            Locale.ROOT,
            "%s, batch %d: label %s at sample %d%s is not a class index in [0, %d): the network"
                + " predicts %d classes",
            "the " + role,
            batch,
            label == Math.rint(label) ? String.valueOf((long) label) : String.valueOf(label),
            flat / perSample,
            perSample > 1 ? " (step " + flat % perSample + ")" : "",
            classes,
            classes));
  }

  private void checkShapes(long batch, NDList data) {
    if (expected.isEmpty()) {
      return;
    }
    List<Shape> shapes = Arrays.asList(data.getShapes());
    boolean same = shapes.size() == expected.size();
    for (int i = 0; same && i < shapes.size(); i++) {
      same = sameSample(expected.get(i), shapes.get(i), data.get(i).getDataType().isInteger());
    }
    checkArgument(
        same,
        "the %s, batch %s, has input of shape %s but the training set's is %s (the first dimension"
            + " is the batch): every set must have the training set's input shape",
        role,
        batch,
        shapes,
        expected);
  }

  /** Equal but for the batch dimension, and a shorter token sequence (N, T). */
  private static boolean sameSample(Shape expected, Shape found, boolean integers) {
    if (expected.dimension() != found.dimension()) {
      return false;
    }
    int last = expected.dimension();
    if (integers && last == 2) {
      // (N, T) token windows: the last window of a split may be shorter.
      return found.get(1) <= expected.get(1);
    }
    for (int d = 1; d < last; d++) {
      if (expected.get(d) != found.get(d)) {
        return false;
      }
    }
    return true;
  }

  /** Elements per sample of a batch array (1 for a vector of one value per sample). */
  private static long perSample(NDArray array) {
    return array.getShape().dimension() > 1 ? array.size() / array.getShape().get(0) : 1;
  }
}
