package dev.bornagain.datasets.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.translate.TranslateException;
import dev.bornagain.datasets.DownloadPolicy;
import dev.bornagain.datasets.SharedData;
import dev.bornagain.datasets.Split;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

final class LanguageModelDatasetTest {

  /** Reads every batch of an epoch as [data, label] long arrays of shape (N, T). */
  private static List<long[][][]> epoch(LanguageModelDataset dataset)
      throws IOException, TranslateException {
    List<long[][][]> batches = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (Batch batch : dataset.getData(manager)) {
        NDArray data = batch.getData().singletonOrThrow();
        NDArray label = batch.getLabels().singletonOrThrow();
        assertThat(data.getDataType()).isEqualTo(DataType.INT64);
        assertThat(label.getShape()).isEqualTo(data.getShape());
        int rows = (int) data.getShape().get(0);
        int steps = (int) data.getShape().get(1);
        long[] flatData = data.toLongArray();
        long[] flatLabel = label.toLongArray();
        long[][][] pair = new long[2][rows][steps];
        for (int r = 0; r < rows; r++) {
          System.arraycopy(flatData, r * steps, pair[0][r], 0, steps);
          System.arraycopy(flatLabel, r * steps, pair[1][r], 0, steps);
        }
        batches.add(pair);
        batch.close();
      }
    }
    return batches;
  }

  @Test
  void batches_layTheStreamIntoContiguousRowsWithShiftedLabels()
      throws IOException, TranslateException {
    int[] tokens = IntStream.range(0, 103).toArray();
    LanguageModelDataset dataset =
        LanguageModelDataset.builder().setTokens(tokens).setSampling(4, false).optBptt(7).build();

    // 103 tokens / 4 rows = 25 per row (3 dropped); 24 predictions per row in windows of 7
    assertThat(dataset.rowLength()).isEqualTo(25);
    assertThat(dataset.windowCount()).isEqualTo(4);
    assertThat(dataset.windowLength(3)).isEqualTo(3);
    List<long[][][]> batches = epoch(dataset);
    assertThat(batches).hasSize(4);
    assertThat(batches.get(0)[0][1]).containsExactly(25, 26, 27, 28, 29, 30, 31);
    assertThat(batches.get(3)[0][3]).containsExactly(96, 97, 98);
    assertThat(batches.get(3)[1][3]).containsExactly(97, 98, 99);
  }

  @Test
  void sharedPtb_consecutiveBatchesContinueEachRowAndLabelsAreTheNextTokens()
      throws IOException, TranslateException {
    PennTreebankCorpus ptb =
        PennTreebankCorpus.load(SharedData.folder("ptb"), DownloadPolicy.OFFLINE);
    int[] stream = ptb.tokens(Split.VALIDATION);
    LanguageModelDataset dataset =
        LanguageModelDataset.builder()
            .setCorpus(ptb, Split.VALIDATION)
            .setSampling(10, false)
            .build();

    // 73,760 tokens in 10 rows of 7,376: 7,375 predictions per row, 211 windows of 35 (last 25)
    assertThat(dataset.bptt()).isEqualTo(35);
    assertThat(dataset.rowLength()).isEqualTo(7376);
    assertThat(dataset.windowCount()).isEqualTo(211);
    assertThat(dataset.predictedTokens()).isEqualTo(73_750);
    List<long[][][]> batches = epoch(dataset);
    assertThat(batches).hasSize(211);
    assertThat(batches.get(210)[0][0]).hasSize(25);
    long predicted = 0;
    for (int b = 0; b < batches.size(); b++) {
      long[][] data = batches.get(b)[0];
      long[][] label = batches.get(b)[1];
      assertThat(data).hasNumberOfRows(10);
      for (int r = 0; r < 10; r++) {
        int steps = data[r].length;
        predicted += steps;
        for (int t = 0; t < steps; t++) {
          assertThat(data[r][t]).isEqualTo(stream[r * 7376 + b * 35 + t]);
          if (t + 1 < steps) {
            assertThat(label[r][t]).isEqualTo(data[r][t + 1]);
          }
        }
        if (b + 1 < batches.size()) {
          // row r of batch b + 1 starts with the token row r of batch b predicted last
          assertThat(batches.get(b + 1)[0][r][0]).isEqualTo(label[r][steps - 1]);
        }
      }
    }
    assertThat(predicted).isEqualTo(dataset.predictedTokens());
  }

  @Test
  void sharedPtb_trainingSplitHasTheExpectedBatchShape() throws IOException, TranslateException {
    PennTreebankCorpus ptb =
        PennTreebankCorpus.load(SharedData.folder("ptb"), DownloadPolicy.OFFLINE);
    LanguageModelDataset train =
        LanguageModelDataset.builder().setCorpus(ptb, Split.TRAIN).setSampling(32, false).build();

    // 929,589 / 32 = 29,049 tokens per row; 29,048 predictions in 830 windows
    assertThat(train.windowCount()).isEqualTo(830);
    assertThat(train.size()).isEqualTo(830L * 32);
    try (NDManager manager = NDManager.newBaseManager()) {
      Batch first = train.getData(manager).iterator().next();
      assertThat(first.getData().head().getShape()).isEqualTo(new Shape(32, 35));
      assertThat(first.getLabels().head().getShape()).isEqualTo(new Shape(32, 35));
      first.close();
    }
  }

  @Test
  void builder_refusesShufflingAndCustomSamplers() {
    LanguageModelDataset.Builder builder = LanguageModelDataset.builder().setTokens(new int[10]);
    assertThatThrownBy(() -> builder.setSampling(2, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("in order");
    assertThatThrownBy(() -> builder.setSampling(new BatchSampler(new SequenceSampler(), 2, false)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void build_rejectsTooFewTokensAndLimitsThatSplitABatch() {
    assertThatThrownBy(
            () ->
                LanguageModelDataset.builder().setTokens(new int[5]).setSampling(4, false).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 tokens make rows of 1 tokens for batch size 4");
    assertThatThrownBy(
            () ->
                LanguageModelDataset.builder()
                    .setTokens(new int[100])
                    .setSampling(4, false)
                    .optLimit(6)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit 6 must be a multiple of the batch size 4");
  }
}
