package dev.bornagain.core.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.translate.TranslateException;
import com.google.common.collect.ImmutableList;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run's results depend on in a dataset, read cheaply: its number of samples (where the
 * dataset says), the shapes of its first batch's data and labels, and a SHA-256 of some of its
 * content. The content is the first and the last batch-sized runs of records for a {@link
 * RandomAccessDataset}, read by index (storage order, whatever the sampling, so a different subset
 * shows at either end), or the first batch for other datasets: two batches, not the whole dataset.
 *
 * <p>Reading is made repeatable by seeding DJL's engine (which also reseeds {@code
 * RandomUtils.RANDOM}, DJL's shuffling and this project's augmentation) with a fixed seed before
 * each read; every generation reseeds the engine again before it trains. A dataset whose samples
 * still differ between two reads (random draws from a generator of its own) gets no digest, with a
 * warning: name it with an identifier instead.
 *
 * @param samples the number of samples, or "unknown"
 * @param dataShapes the shapes of the first batch's data arrays
 * @param labelShapes the shapes of the first batch's label arrays
 * @param content the digest and what it covers, or the caller's identifier
 */
public record DataSummary(
    String samples,
    ImmutableList<Shape> dataShapes,
    ImmutableList<Shape> labelShapes,
    String content) {

  private static final Logger logger = LoggerFactory.getLogger(DataSummary.class);
  private static final int READ_SEED = 0x5EED;

  /** Validates the record. */
  public DataSummary {
    checkNotNull(samples, "samples");
    checkNotNull(dataShapes, "dataShapes");
    checkNotNull(labelShapes, "labelShapes");
    checkNotNull(content, "content");
  }

  /**
   * Reads a dataset's summary.
   *
   * @param dataset the dataset
   * @param role what the dataset is, for messages, e.g. "training set"
   * @param identifier the caller's name for the data, which replaces the digest, or null
   * @return the summary
   * @throws IOException if the dataset cannot be read
   * @throws IllegalArgumentException if the dataset yields no batch
   */
  public static DataSummary of(Dataset dataset, String role, String identifier) throws IOException {
    checkNotNull(dataset, "dataset");
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Engine.getInstance().setRandomSeed(READ_SEED);
      try (Batch first = firstBatch(dataset, role, manager)) {
        ImmutableList<Shape> data = shapes(first.getData());
        ImmutableList<Shape> labels = shapes(first.getLabels());
        String samples;
        if (dataset instanceof RandomAccessDataset randomAccess) {
          samples = String.valueOf(randomAccess.size());
        } else {
          samples =
              first.getProgressTotal() > 0 ? String.valueOf(first.getProgressTotal()) : "unknown";
        }
        String content =
            identifier != null
                ? "identified as " + identifier
                : digest(dataset, role, first, manager);
        return new DataSummary(samples, data, labels, content);
      }
    } catch (TranslateException e) {
      throw new IOException("cannot read the " + role, e);
    }
  }

  /**
   * Reads the summary of a dataset that may be absent.
   *
   * @param dataset the dataset, or null
   * @param role what the dataset is, for messages
   * @param identifier the caller's name for the data, or null
   * @return the summary; all "none" for an absent dataset
   * @throws IOException if the dataset cannot be read
   */
  public static DataSummary ofOptional(Dataset dataset, String role, String identifier)
      throws IOException {
    return dataset == null
        ? new DataSummary("none", ImmutableList.of(), ImmutableList.of(), "none")
        : of(dataset, role, identifier);
  }

  private static Batch firstBatch(Dataset dataset, String role, NDManager manager)
      throws IOException, TranslateException {
    Iterator<Batch> batches = dataset.getData(manager).iterator();
    checkArgument(batches.hasNext(), "the %s %s is empty: it yielded no batches", role, dataset);
    return batches.next();
  }

  private static String digest(Dataset dataset, String role, Batch first, NDManager manager)
      throws IOException, TranslateException {
    String covered;
    String once;
    String again;
    if (dataset instanceof RandomAccessDataset randomAccess) {
      long size = randomAccess.size();
      long run = Math.min(first.getSize(), size);
      long last = Math.max(run, size - run);
      covered =
          last >= size
              ? String.format(Locale.ROOT, "records 0-%d", size - 1)
              : String.format(Locale.ROOT, "records 0-%d and %d-%d", run - 1, last, size - 1);
      once = records(randomAccess, run, last, manager);
      again = records(randomAccess, run, last, manager);
    } else {
      covered = "the first batch";
      once = batch(first);
      Engine.getInstance().setRandomSeed(READ_SEED);
      try (Batch repeated = firstBatch(dataset, role, manager)) {
        again = batch(repeated);
      }
    }
    if (!once.equals(again)) {
      logger.warn(
          "The {} {} gives other samples at each read (random draws outside DJL's engine seed):"
              + " its content cannot be checked on resume; name it with dataIdentifier(...)",
          role,
          dataset);
      return "not repeatable: the samples differ between reads";
    }
    return "sha256 of " + covered + " " + once;
  }

  /** Hashes records [0, run) and [last, size), after seeding the engine. */
  private static String records(RandomAccessDataset dataset, long run, long last, NDManager manager)
      throws IOException {
    Engine.getInstance().setRandomSeed(READ_SEED);
    Hasher hasher = Hashing.sha256().newHasher();
    for (long i = 0; i < run; i++) {
      putRecord(hasher, dataset, i, manager);
    }
    for (long i = last; i < dataset.size(); i++) {
      putRecord(hasher, dataset, i, manager);
    }
    return hasher.hash().toString();
  }

  private static void putRecord(
      Hasher hasher, RandomAccessDataset dataset, long index, NDManager manager)
      throws IOException {
    try (NDManager scope = manager.newSubManager()) {
      Record record = dataset.get(scope, index);
      putArrays(hasher, record.getData());
      putArrays(hasher, record.getLabels());
    }
  }

  private static String batch(Batch batch) {
    Hasher hasher = Hashing.sha256().newHasher();
    putArrays(hasher, batch.getData());
    putArrays(hasher, batch.getLabels());
    return hasher.hash().toString();
  }

  private static void putArrays(Hasher hasher, NDList arrays) {
    hasher.putInt(arrays.size());
    for (NDArray array : arrays) {
      hasher.putUnencodedChars(array.getDataType().name());
      for (long dimension : array.getShape().getShape()) {
        hasher.putLong(dimension);
      }
      hasher.putBytes(array.toByteBuffer());
    }
  }

  private static ImmutableList<Shape> shapes(NDList arrays) {
    return arrays.stream().map(NDArray::getShape).collect(ImmutableList.toImmutableList());
  }
}
