package dev.bornagain.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class DataSummaryTest {

  private NDManager manager;

  @BeforeEach
  void openManager() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  /** Samples 0..n-1 whose features are their index, labels index mod 3, shuffled batches of 8. */
  private ArrayDataset.Builder counting(int samples) {
    return counting(samples, true);
  }

  /** Samples 0..n-1 whose features are their index, labels index mod 3, batches of 8. */
  private ArrayDataset.Builder counting(int samples, boolean shuffled) {
    float[] features = new float[samples * 2];
    long[] labels = new long[samples];
    for (int i = 0; i < samples; i++) {
      features[2 * i] = i;
      features[2 * i + 1] = -i;
      labels[i] = i % 3;
    }
    return new ArrayDataset.Builder()
        .setData(manager.create(features, new Shape(samples, 2)))
        .optLabels(manager.create(labels, new Shape(samples)))
        .setSampling(8, shuffled);
  }

  @Test
  void of_recordsSizeShapesAndADigestOfBothEnds_whateverTheShuffling() throws Exception {
    DataSummary summary = DataSummary.of(counting(40).build(), "training set", null);

    assertThat(summary.samples()).isEqualTo("40");
    assertThat(summary.dataShapes()).containsExactly(new Shape(8, 2));
    assertThat(summary.labelShapes()).containsExactly(new Shape(8));
    assertThat(summary.content()).startsWith("sha256 of records 0-7 and 32-39 ");
    assertThat(DataSummary.of(counting(40).build(), "training set", null)).isEqualTo(summary);
    // Unshuffled, and shuffled again after an epoch has been drawn: the same summary.
    assertThat(DataSummary.of(counting(40, false).build(), "training set", null))
        .isEqualTo(summary);
    ArrayDataset drawn = counting(40).build();
    try (NDManager epoch = manager.newSubManager()) {
      drawn.getData(epoch).forEach(Batch::close);
    }
    assertThat(DataSummary.of(drawn, "training set", null)).isEqualTo(summary);
  }

  @Test
  void of_changesWithTheSubset_atEitherEnd() throws Exception {
    DataSummary all = DataSummary.of(counting(40).build(), "training set", null);
    DataSummary fewer = DataSummary.of(counting(40).optLimit(32).build(), "training set", null);

    assertThat(fewer.samples()).isEqualTo("32");
    assertThat(fewer.content()).startsWith("sha256 of records 0-7 and 24-31 ");
    assertThat(fewer.content()).isNotEqualTo(all.content());
  }

  @Test
  void of_aSmallDataset_hashesEveryRecordOnce() throws Exception {
    assertThat(DataSummary.of(counting(12).build(), "training set", null).content())
        .startsWith("sha256 of records 0-7 and 8-11 ");
    assertThat(DataSummary.of(counting(5).build(), "training set", null).content())
        .startsWith("sha256 of records 0-4 ");
  }

  @Test
  void of_withAnIdentifier_recordsItInsteadOfADigest() throws Exception {
    DataSummary summary = DataSummary.of(counting(40).build(), "training set", "counting v1");
    assertThat(summary.content()).isEqualTo("identified as counting v1");
    assertThat(summary.samples()).isEqualTo("40");
  }

  /** Adds noise from a generator of its own at each read: nothing to seed. */
  static final class NoisyDataset extends ArrayDataset {
    private final Random random = new Random();

    NoisyDataset(ArrayDataset.Builder builder) {
      super(builder);
    }

    @Override
    public Record get(NDManager scope, long index) {
      Record record = super.get(scope, index);
      record.getData().set(0, record.getData().head().add(random.nextFloat()));
      return record;
    }
  }

  @Test
  void of_aDatasetRandomAtEachRead_getsNoDigestInsteadOfAFalseRefusal() throws Exception {
    DataSummary summary = DataSummary.of(new NoisyDataset(counting(40)), "training set", null);
    assertThat(summary.content()).startsWith("not repeatable");
    assertThat(DataSummary.of(new NoisyDataset(counting(40)), "training set", null))
        .isEqualTo(summary);
  }

  @Test
  void of_refusesAnEmptyDataset_namingItsRole() {
    ArrayDataset empty =
        new ArrayDataset.Builder()
            .setData(manager.zeros(new Shape(0, 2)))
            .optLabels(manager.zeros(new Shape(0), DataType.INT64))
            .setSampling(8, false)
            .build();
    assertThatThrownBy(() -> DataSummary.of(empty, "validation set", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the validation set")
        .hasMessageContaining("is empty");
  }

  @Test
  void ofOptional_ofNoDataset_isNone() throws Exception {
    assertThat(DataSummary.ofOptional(null, "validation set", null).samples()).isEqualTo("none");
  }
}
