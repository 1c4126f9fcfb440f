package dev.bornagain.datasets.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.translate.TranslateException;
import dev.bornagain.datasets.Split;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CifarDatasetTest {

  @AutoClose private static final NDManager manager = NDManager.newBaseManager();

  @TempDir Path temp;

  /** A builder reading one training file and one test file in the given layout. */
  private static CifarDataset.Builder files(
      Path training, Path test, CifarLayout layout, Split split) {
    return CifarDataset.builder()
        .optFiles(List.of(training), test)
        .setLayout(layout)
        .setSplit(split);
  }

  private static CifarDataset.Builder subset(Split split) {
    return files(
            CifarRecords.sharedFile(CifarRecords.SHARED_TRAINING),
            CifarRecords.sharedFile(CifarRecords.SHARED_TEST),
            CifarLayout.CIFAR_10,
            split)
        .optValidationSize(500)
        .setSampling(32, false);
  }

  @Test
  void build_subset_carvesValidationFromTheLastTrainingFileRecords() throws IOException {
    ImageSet file = CifarRecords.readShared(CifarRecords.SHARED_TRAINING);
    CifarDataset train = subset(Split.TRAIN).build();
    CifarDataset validation = subset(Split.VALIDATION).build();
    CifarDataset test = subset(Split.TEST).build();

    assertThat(train.size()).isEqualTo(3500);
    assertThat(validation.size()).isEqualTo(500);
    assertThat(test.size()).isEqualTo(1000);
    // validation image i is training-file record 3500 + i; training image j is record j
    for (int i : new int[] {0, 1, 250, 499}) {
      assertThat(validation.images().imageCopy(i)).isEqualTo(file.imageCopy(3500 + i));
      assertThat(validation.images().label(i)).isEqualTo(file.label(3500 + i));
    }
    for (int j : new int[] {0, 1, 1750, 3499}) {
      assertThat(train.images().imageCopy(j)).isEqualTo(file.imageCopy(j));
    }
    // disjoint: no validation image occurs among the training images
    Set<String> trainImages = new HashSet<>();
    for (int j = 0; j < train.size(); j++) {
      trainImages.add(Arrays.toString(train.images().imageCopy(j)));
    }
    for (int i = 0; i < validation.size(); i++) {
      assertThat(trainImages).doesNotContain(Arrays.toString(validation.images().imageCopy(i)));
    }
    assertThat(test.images().label(0)).isEqualTo(3);
  }

  @Test
  void everySplit_normalisesWithTheTrainingSplitStatistics() throws IOException {
    ImageSet file = CifarRecords.readShared(CifarRecords.SHARED_TRAINING);
    ChannelStats expected = ChannelStats.of(file.slice(0, 3500));

    assertThat(subset(Split.TRAIN).build().normalization()).isEqualTo(expected);
    assertThat(subset(Split.VALIDATION).build().normalization()).isEqualTo(expected);
    assertThat(subset(Split.TEST).build().normalization()).isEqualTo(expected);
    assertThat(expected.mean().get(0)).isBetween(0.4, 0.6);
    assertThat(expected.std().get(2)).isBetween(0.2, 0.3);
  }

  @Test
  void get_returnsNormalisedChwFloatImageAndInt64ScalarLabel() throws IOException {
    CifarDataset test = subset(Split.TEST).build();
    ChannelStats stats = test.normalization();

    try (NDManager sub = manager.newSubManager()) {
      Record record = test.get(sub, 0);
      NDArray image = record.getData().singletonOrThrow();
      NDArray label = record.getLabels().singletonOrThrow();

      assertThat(image.getShape()).isEqualTo(new Shape(3, 32, 32));
      assertThat(image.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(label.getShape()).isEqualTo(new Shape());
      assertThat(label.getDataType()).isEqualTo(DataType.INT64);
      assertThat(label.getLong()).isEqualTo(3);
      float[] pixels = image.toFloatArray();
      double red = (158 / 255.0 - stats.mean().get(0)) / stats.std().get(0);
      assertThat((double) pixels[0]).isCloseTo(red, org.assertj.core.data.Offset.offset(1e-5));
      double blueLast =
          (test.images().pixel(0, 2, 31, 31) / 255.0 - stats.mean().get(2)) / stats.std().get(2);
      assertThat((double) pixels[3071])
          .isCloseTo(blueLast, org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void batches_stackToImagesAndLabelsThatDjlAccuracyAccepts()
      throws IOException, TranslateException {
    CifarDataset train = subset(Split.TRAIN).build();
    try (NDManager sub = manager.newSubManager()) {
      Batch batch = train.getData(sub).iterator().next();
      NDArray images = batch.getData().singletonOrThrow();
      NDArray labels = batch.getLabels().singletonOrThrow();

      assertThat(images.getShape()).isEqualTo(new Shape(32, 3, 32, 32));
      assertThat(labels.getShape()).isEqualTo(new Shape(32));
      assertThat(labels.getDataType()).isEqualTo(DataType.INT64);
      NDArray perfect = labels.oneHot(10);
      Accuracy accuracy = new Accuracy();
      assertThat(
              accuracy
                  .evaluate(new NDList(labels), new NDList(perfect))
                  .toType(DataType.INT64, false)
                  .getLong())
          .isEqualTo(32);
      batch.close();
    }
  }

  /** Writes {@code count} records that are all the same image. */
  private Path identicalImages(int count) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] pixels = CifarRecords.pixels(7);
    for (int i = 0; i < count; i++) {
      out.write(i % 10);
      out.write(pixels);
    }
    return Files.write(temp.resolve("same.bin"), out.toByteArray());
  }

  private CifarDataset identical(Split split, int validation) throws IOException {
    Path file = identicalImages(16);
    return files(file, file, CifarLayout.CIFAR_10, split)
        .optValidationSize(validation)
        .setSampling(16, false)
        .optRandom(new Random(42))
        .build();
  }

  @Test
  void augmentation_givesIdenticalImagesOfOneBatchDifferentCropsOrFlips()
      throws IOException, TranslateException {
    CifarDataset train = identical(Split.TRAIN, 0);
    assertThat(train.augmentation()).isEqualTo(Augmentation.cropAndFlip(4));

    try (NDManager sub = manager.newSubManager()) {
      Batch batch = train.getData(sub).iterator().next();
      NDArray images = batch.getData().singletonOrThrow();
      Set<String> distinct = new HashSet<>();
      for (int i = 0; i < 16; i++) {
        distinct.add(Arrays.toString(images.get(i).toFloatArray()));
      }
      // 81 crops x 2 flips: 16 draws give (almost surely) many different images
      assertThat(distinct).hasSizeGreaterThan(8);
      batch.close();
    }
  }

  @Test
  void evaluation_isNeverAugmentedAndBitwiseRepeatable() throws IOException {
    CifarDataset test = identical(Split.TEST, 4);
    CifarDataset validation = identical(Split.VALIDATION, 4);
    assertThat(test.augmentation().isNone()).isTrue();
    assertThat(validation.augmentation().isNone()).isTrue();

    try (NDManager sub = manager.newSubManager()) {
      for (CifarDataset dataset : List.of(test, validation)) {
        float[] first = dataset.get(sub, 3).getData().head().toFloatArray();
        float[] second = dataset.get(sub, 3).getData().head().toFloatArray();
        float[] other = dataset.get(sub, 2).getData().head().toFloatArray();
        assertThat(second).isEqualTo(first);
        // every record is the same image, so unaugmented samples are all equal
        assertThat(other).isEqualTo(first);
      }
    }
  }

  private List<float[]> epoch(CifarDataset dataset) throws IOException, TranslateException {
    List<float[]> arrays = new ArrayList<>();
    try (NDManager sub = manager.newSubManager()) {
      for (Batch batch : dataset.getData(sub)) {
        arrays.add(batch.getData().head().toFloatArray());
        arrays.add(batch.getLabels().head().toType(DataType.FLOAT32, false).toFloatArray());
        batch.close();
      }
    }
    return arrays;
  }

  @Test
  void engineSeed_fixesAnEpochsOrderAndAugmentation() throws IOException, TranslateException {
    Path file = CifarRecords.writeCifar10(temp.resolve("few.bin"), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    CifarDataset train =
        files(file, file, CifarLayout.CIFAR_10, Split.TRAIN)
            .optValidationSize(2)
            .setSampling(4, true)
            .build();

    Engine.getInstance().setRandomSeed(11);
    List<float[]> first = epoch(train);
    Engine.getInstance().setRandomSeed(11);
    List<float[]> again = epoch(train);
    Engine.getInstance().setRandomSeed(12);
    List<float[]> other = epoch(train);

    assertThat(again).hasSameSizeAs(first);
    for (int i = 0; i < first.size(); i++) {
      assertThat(again.get(i)).isEqualTo(first.get(i));
    }
    assertThat(Arrays.equals(other.get(0), first.get(0))).isFalse();
  }

  @Test
  void render_padsCropsAndFlipsAsDocumented() {
    byte[] pixels = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    ImageSet one = new ImageSet(pixels, new int[] {0}, 0, 1, 1, 3, 3, 10, "test");
    float[][] identity = new float[1][256];
    for (int v = 0; v < 256; v++) {
      identity[0][v] = v;
    }
    float[] out = new float[9];

    ImageDataset.render(one, 0, identity, 1, 1, 1, false, out);
    assertThat(out).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);

    // pad 1, crop at row 0 and column 2 of the 5 x 5 padded image
    ImageDataset.render(one, 0, identity, 1, 0, 2, false, out);
    assertThat(out).containsExactly(0, 0, 0, 2, 3, 0, 5, 6, 0);

    // the same crop, then flipped left-right
    ImageDataset.render(one, 0, identity, 1, 0, 2, true, out);
    assertThat(out).containsExactly(0, 0, 0, 0, 3, 2, 0, 6, 5);
  }

  @Test
  void build_cifar100Files_servesFineOrCoarseLabels() throws IOException {
    Path train =
        CifarRecords.writeCifar100(
            temp.resolve("train.bin"), new int[] {1, 2, 3, 4}, new int[] {10, 20, 30, 40});
    Path test =
        CifarRecords.writeCifar100(temp.resolve("test.bin"), new int[] {19}, new int[] {99});
    CifarDataset fine =
        files(train, test, CifarLayout.CIFAR_100, Split.TEST)
            .setSampling(1, false)
            .optValidationSize(1)
            .build();
    CifarDataset coarse =
        files(train, test, CifarLayout.CIFAR_100_COARSE, Split.VALIDATION)
            .setSampling(1, false)
            .optValidationSize(1)
            .build();

    try (NDManager sub = manager.newSubManager()) {
      assertThat(fine.get(sub, 0).getLabels().head().getLong()).isEqualTo(99);
      assertThat(coarse.get(sub, 0).getLabels().head().getLong()).isEqualTo(4);
    }
    assertThat(fine.classCount()).isEqualTo(100);
    assertThat(coarse.classCount()).isEqualTo(20);
  }

  @Test
  void build_rejectsDefaultValidationSizeOnTheSmallSubset() {
    // Resolved outside the lambda: without ../shared/data the test must skip, not pass as thrown.
    Path training = CifarRecords.sharedFile(CifarRecords.SHARED_TRAINING);
    Path test = CifarRecords.sharedFile(CifarRecords.SHARED_TEST);
    assertThatThrownBy(
            () ->
                files(training, test, CifarLayout.CIFAR_10, Split.TRAIN)
                    .setSampling(32, true)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("validation size 5000 must be smaller than the 4000 images");
  }

  @Test
  void build_rejectsAugmentationOfAnEvaluationSplitAndMissingOptions() throws IOException {
    Path file = CifarRecords.writeCifar10(temp.resolve("x.bin"), 1, 2, 3);
    assertThatThrownBy(
            () ->
                files(file, file, CifarLayout.CIFAR_10, Split.TEST)
                    .optAugmentation(Augmentation.flipOnly())
                    .setSampling(1, false)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the TEST split is never augmented");
    assertThatThrownBy(
            () ->
                CifarDataset.builder()
                    .optFiles(List.of(file), file)
                    .setSplit(Split.TEST)
                    .setSampling(1, false)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("setLayout");
    assertThatThrownBy(
            () ->
                CifarDataset.builder()
                    .setLayout(CifarLayout.CIFAR_10)
                    .setSplit(Split.TEST)
                    .setSampling(1, false)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exactly one of setDirectory and optFiles");
  }
}
