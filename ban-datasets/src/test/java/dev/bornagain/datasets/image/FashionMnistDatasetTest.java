package dev.bornagain.datasets.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Record;
import dev.bornagain.datasets.DownloadPolicy;
import dev.bornagain.datasets.SharedData;
import dev.bornagain.datasets.Split;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class FashionMnistDatasetTest {

  @TempDir Path temp;

  private static FashionMnistDataset.Builder shared(Split split) {
    return FashionMnistDataset.builder()
        .setDirectory(SharedData.folder("fashion-mnist"))
        .optDownload(DownloadPolicy.OFFLINE)
        .setSplit(split)
        .setSampling(64, false);
  }

  @Test
  void build_sharedFiles_hasTheOfficialCountsAndFirstLabels() throws IOException {
    FashionMnistDataset train = shared(Split.TRAIN).build();
    FashionMnistDataset validation = shared(Split.VALIDATION).build();
    FashionMnistDataset test = shared(Split.TEST).build();

    assertThat(train.size()).isEqualTo(55_000);
    assertThat(validation.size()).isEqualTo(5_000);
    assertThat(test.size()).isEqualTo(10_000);
    assertThat(labels(train.images(), 10)).containsExactly(9, 0, 0, 3, 0, 2, 7, 2, 5, 5);
    assertThat(labels(test.images(), 10)).containsExactly(9, 2, 1, 1, 6, 1, 4, 6, 5, 7);
    // the last three training labels are the validation split's last three
    assertThat(validation.images().label(4997)).isEqualTo(3);
    assertThat(validation.images().label(4999)).isEqualTo(5);
    assertThat(train.images().pixel(0, 0, 14, 12)).isEqualTo(237);
    assertThat(train.augmentation().isNone()).isTrue();
    assertThat(validation.normalization()).isEqualTo(train.normalization());
  }

  private static int[] labels(ImageSet set, int count) {
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = set.label(i);
    }
    return labels;
  }

  @Test
  void labelNoise_corruptsExactlyTheFractionOfTrainingLabels_toOtherClasses_andNothingElse()
      throws IOException {
    FashionMnistDataset clean =
        FashionMnistDataset.builder()
            .fromEmbeddedDemo()
            .setSplit(Split.TRAIN)
            .setSampling(64, false)
            .build();
    FashionMnistDataset noisy = noisyDemo(Split.TRAIN, 0.4, 7);
    ImageSet before = clean.images();
    ImageSet after = noisy.images();
    int changed = 0;
    int[] wrongClassCounts = new int[FashionMnistDataset.CLASSES];
    for (int i = 0; i < before.size(); i++) {
      assertThat(after.imageCopy(i)).isEqualTo(before.imageCopy(i));
      if (after.label(i) != before.label(i)) {
        changed++;
        wrongClassCounts[after.label(i)]++;
      }
    }
    assertThat(changed).isEqualTo(Math.round(0.4 * before.size()));
    // Uniform over the other classes: each of the ten gets about a tenth of the wrong labels.
    for (int count : wrongClassCounts) {
      assertThat(count).isBetween(changed / 10 - 60, changed / 10 + 60);
    }
    assertThat(after.source()).contains("with " + changed + " noisy labels");
    // The same seed draws the same labels; another seed others.
    ImageSet again = noisyDemo(Split.TRAIN, 0.4, 7).images();
    ImageSet otherSeed = noisyDemo(Split.TRAIN, 0.4, 8).images();
    boolean sameAsAgain = true;
    boolean sameAsOther = true;
    for (int i = 0; i < after.size(); i++) {
      sameAsAgain &= again.label(i) == after.label(i);
      sameAsOther &= otherSeed.label(i) == after.label(i);
    }
    assertThat(sameAsAgain).isTrue();
    assertThat(sameAsOther).isFalse();
    // Validation and test labels stay clean.
    for (Split split : new Split[] {Split.VALIDATION, Split.TEST}) {
      ImageSet cleanSplit =
          FashionMnistDataset.builder()
              .fromEmbeddedDemo()
              .setSplit(split)
              .setSampling(64, false)
              .build()
              .images();
      ImageSet noisySplit = noisyDemo(split, 0.4, 7).images();
      for (int i = 0; i < cleanSplit.size(); i++) {
        assertThat(noisySplit.label(i)).as("%s label %s", split, i).isEqualTo(cleanSplit.label(i));
      }
    }
    assertThatThrownBy(() -> FashionMnistDataset.builder().optLabelNoise(1.5, 1))
        .hasMessageContaining("label noise must be in [0, 1] but was 1.5");
  }

  private static FashionMnistDataset noisyDemo(Split split, double fraction, long seed)
      throws IOException {
    return FashionMnistDataset.builder()
        .fromEmbeddedDemo()
        .setSplit(split)
        .optLabelNoise(fraction, seed)
        .setSampling(64, false)
        .build();
  }

  @Test
  void embeddedDemo_isTheFirstImagesOfTheOfficialFiles() throws IOException {
    Path dir = SharedData.folder("fashion-mnist");
    ImageSet officialTrain =
        IdxFiles.read(
            dir.resolve("train-images-idx3-ubyte.gz"),
            dir.resolve("train-labels-idx1-ubyte.gz"),
            10);
    ImageSet officialTest =
        IdxFiles.read(
            dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"), 10);

    ImageSet demoTrain = FashionMnistDataset.readEmbeddedDemoTraining();
    ImageSet demoTest = FashionMnistDataset.readEmbeddedDemoTest();

    assertThat(demoTrain.size()).isEqualTo(FashionMnistDataset.DEMO_TRAINING_IMAGES);
    assertThat(demoTest.size()).isEqualTo(FashionMnistDataset.DEMO_TEST_IMAGES);
    for (int i = 0; i < demoTrain.size(); i++) {
      assertThat(demoTrain.label(i)).isEqualTo(officialTrain.label(i));
    }
    for (int i : new int[] {0, 1, 2999, 5999}) {
      assertThat(demoTrain.imageCopy(i)).isEqualTo(officialTrain.imageCopy(i));
    }
    for (int i = 0; i < demoTest.size(); i++) {
      assertThat(demoTest.label(i)).isEqualTo(officialTest.label(i));
    }
    assertThat(demoTest.imageCopy(999)).isEqualTo(officialTest.imageCopy(999));
  }

  @Test
  void embeddedDemo_buildsSplitsWithoutAnyFilesOnDisk() throws IOException {
    FashionMnistDataset.Builder demo =
        FashionMnistDataset.builder().fromEmbeddedDemo().setSampling(32, true);
    FashionMnistDataset train = demo.setSplit(Split.TRAIN).build();
    FashionMnistDataset validation =
        FashionMnistDataset.builder()
            .fromEmbeddedDemo()
            .setSplit(Split.VALIDATION)
            .setSampling(32, false)
            .build();
    FashionMnistDataset test =
        FashionMnistDataset.builder()
            .fromEmbeddedDemo()
            .setSplit(Split.TEST)
            .setSampling(32, false)
            .build();

    assertThat(train.size()).isEqualTo(5000);
    assertThat(validation.size()).isEqualTo(1000);
    assertThat(test.size()).isEqualTo(10_000);
    assertThat(labels(train.images(), 5)).containsExactly(9, 0, 0, 3, 0);
    assertThat(test.normalization()).isEqualTo(train.normalization());
    assertThat(train.normalization().mean().get(0)).isBetween(0.2, 0.4);

    try (NDManager manager = NDManager.newBaseManager()) {
      Record record = test.get(manager, 0);
      NDArray image = record.getData().head();
      assertThat(image.getShape()).isEqualTo(new Shape(1, 28, 28));
      assertThat(image.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(record.getLabels().head().getDataType()).isEqualTo(DataType.INT64);
      assertThat(record.getLabels().head().getLong()).isEqualTo(9);
      double mean = train.normalization().mean().get(0);
      double std = train.normalization().std().get(0);
      assertThat((double) image.toFloatArray()[0]).isCloseTo(-mean / std, within());
    }
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-5);
  }

  @Test
  void flipOnly_mirrorsSomeSamplesAndNeverShifts() throws IOException {
    FashionMnistDataset train =
        FashionMnistDataset.builder()
            .fromEmbeddedDemo()
            .setSplit(Split.TRAIN)
            .optAugmentation(Augmentation.flipOnly())
            .optRandom(new Random(3))
            .setSampling(1, false)
            .build();
    FashionMnistDataset plain =
        FashionMnistDataset.builder()
            .fromEmbeddedDemo()
            .setSplit(Split.TRAIN)
            .setSampling(1, false)
            .build();
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] original = plain.get(manager, 0).getData().head().toFloatArray();
      float[] mirrored = new float[original.length];
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          mirrored[y * 28 + x] = original[y * 28 + 27 - x];
        }
      }
      boolean sawOriginal = false;
      boolean sawMirror = false;
      for (int draw = 0; draw < 20; draw++) {
        float[] sample = train.get(manager, 0).getData().head().toFloatArray();
        boolean isOriginal = java.util.Arrays.equals(sample, original);
        boolean isMirror = java.util.Arrays.equals(sample, mirrored);
        assertThat(isOriginal || isMirror).isTrue();
        sawOriginal |= isOriginal;
        sawMirror |= isMirror;
      }
      assertThat(sawOriginal).isTrue();
      assertThat(sawMirror).isTrue();
    }
  }

  @Test
  void build_readsUngzippedStandardFiles() throws IOException {
    Path shared = SharedData.folder("fashion-mnist");
    for (String name : new String[] {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
      try (InputStream in =
          new GZIPInputStream(Files.newInputStream(shared.resolve(name + ".gz")))) {
        Files.write(temp.resolve(name), in.readAllBytes());
      }
    }
    // training files: gzipped, the images under the plain name (gzip is detected by content)
    ImageSet demo = FashionMnistDataset.readEmbeddedDemoTest();
    Files.copy(
        shared.resolve("train-labels-idx1-ubyte.gz"), temp.resolve("train-labels-idx1-ubyte.gz"));
    Files.copy(
        shared.resolve("train-images-idx3-ubyte.gz"), temp.resolve("train-images-idx3-ubyte"));

    FashionMnistDataset test =
        FashionMnistDataset.builder()
            .setDirectory(temp)
            .optDownload(DownloadPolicy.OFFLINE)
            .setSplit(Split.TEST)
            .setSampling(10, false)
            .build();

    assertThat(test.size()).isEqualTo(10_000);
    assertThat(test.images().imageCopy(0)).isEqualTo(demo.imageCopy(0));
  }

  @Test
  void build_offlineWithMissingFiles_saysWhichFilesToPutWhere() {
    assertThatThrownBy(
            () ->
                FashionMnistDataset.builder()
                    .setDirectory(temp)
                    .optDownload(DownloadPolicy.OFFLINE)
                    .setSplit(Split.TRAIN)
                    .setSampling(10, false)
                    .build())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Fashion-MNIST data not found")
        .hasMessageContaining(
            "Put these files into "
                + temp.toAbsolutePath()
                + ": train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,"
                + " t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz");
  }

  @Test
  void build_requiresExactlyOneSource() {
    assertThatThrownBy(
            () ->
                FashionMnistDataset.builder()
                    .fromEmbeddedDemo()
                    .setDirectory(temp)
                    .setSplit(Split.TRAIN)
                    .setSampling(10, false)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exactly one of setDirectory, optFiles and fromEmbeddedDemo")
        .hasMessageContaining("2 were");
  }
}
