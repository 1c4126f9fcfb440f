package dev.bornagain.datasets.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bornagain.datasets.BadDataFileException;
import dev.bornagain.datasets.DownloadPolicy;
import dev.bornagain.datasets.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CifarFilesTest {

  @TempDir Path temp;

  @Test
  void read_exactCifar10Subset_hasTheKnownFirstRecords() throws IOException {
    ImageSet train = CifarRecords.readShared(CifarRecords.SHARED_TRAINING);
    ImageSet test = CifarRecords.readShared(CifarRecords.SHARED_TEST);

    assertThat(train.size()).isEqualTo(4000);
    assertThat(train.label(0)).isEqualTo(6);
    assertThat(train.pixel(0, 0, 0, 0)).isEqualTo(59);
    assertThat(train.pixel(0, 0, 0, 1)).isEqualTo(43);
    assertThat(train.pixel(0, 0, 0, 2)).isEqualTo(50);
    assertThat(test.size()).isEqualTo(1000);
    assertThat(test.label(0)).isEqualTo(3);
    assertThat(test.pixel(0, 0, 0, 0)).isEqualTo(158);
    assertThat(test.pixel(0, 0, 0, 1)).isEqualTo(159);
    assertThat(test.pixel(0, 0, 0, 2)).isEqualTo(165);
    assertThat(train.channels()).isEqualTo(3);
    assertThat(train.classCount()).isEqualTo(10);
  }

  @Test
  void read_concatenatesFilesAndKeepsPixelsInChannelRowColumnOrder() throws IOException {
    Path a = CifarRecords.writeCifar10(temp.resolve("a.bin"), 1, 2);
    Path b = CifarRecords.writeCifar10(temp.resolve("b.bin"), 9);

    ImageSet set = CifarFiles.read(CifarLayout.CIFAR_10, List.of(a, b), 0);

    assertThat(set.size()).isEqualTo(3);
    assertThat(new int[] {set.label(0), set.label(1), set.label(2)}).containsExactly(1, 2, 9);
    byte[] expected = CifarRecords.pixels(1);
    assertThat(set.imageCopy(1)).isEqualTo(expected);
    // green channel (1), row 2, column 5 sits at 1024 + 2 * 32 + 5 in the record's pixels
    assertThat(set.pixel(1, 1, 2, 5)).isEqualTo(expected[1024 + 2 * 32 + 5] & 0xFF);
    assertThat(set.imageCopy(2)).isEqualTo(CifarRecords.pixels(0));
  }

  @Test
  void read_cifar100_readsFineLabelsByDefaultAndCoarseOnRequest() throws IOException {
    Path file =
        CifarRecords.writeCifar100(
            temp.resolve("train.bin"), new int[] {3, 19, 0}, new int[] {99, 42, 7});

    ImageSet fine = CifarFiles.read(CifarLayout.CIFAR_100, List.of(file), 0);
    ImageSet coarse = CifarFiles.read(CifarLayout.CIFAR_100_COARSE, List.of(file), 0);

    assertThat(new int[] {fine.label(0), fine.label(1), fine.label(2)}).containsExactly(99, 42, 7);
    assertThat(new int[] {coarse.label(0), coarse.label(1), coarse.label(2)})
        .containsExactly(3, 19, 0);
    assertThat(fine.classCount()).isEqualTo(100);
    assertThat(coarse.classCount()).isEqualTo(20);
    assertThat(fine.imageCopy(2)).isEqualTo(CifarRecords.pixels(2));
  }

  @Test
  void read_truncatedFile_namesFileRecordSizeAndLeftover() throws IOException {
    Path file = CifarRecords.writeCifar10(temp.resolve("cut.bin"), 1, 2);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));

    assertThatThrownBy(() -> CifarFiles.read(CifarLayout.CIFAR_10, List.of(file), 0))
        .isInstanceOf(BadDataFileException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("3073-byte CIFAR-10 record")
        .hasMessageContaining("found 6046 bytes (1 whole records and 2973 bytes left over)");
  }

  @Test
  void read_cifar10FileGivenAsCifar100_isRejectedByItsSize() throws IOException {
    Path file = CifarRecords.writeCifar10(temp.resolve("ten.bin"), 1, 2, 3);
    assertThatThrownBy(() -> CifarFiles.read(CifarLayout.CIFAR_100, List.of(file), 0))
        .isInstanceOf(BadDataFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("3074-byte CIFAR-100 (fine labels) record but found 9219 bytes");
  }

  @Test
  void read_standardCountMismatch_namesExpectedAndFoundRecords() throws IOException {
    Path file = CifarRecords.writeCifar10(temp.resolve("data_batch_1.bin"), 1, 2);
    assertThatThrownBy(() -> CifarFiles.read(CifarLayout.CIFAR_10, List.of(file), 10_000))
        .isInstanceOf(BadDataFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("expected 10000 CIFAR-10 records of 3073 bytes (30730000 bytes)")
        .hasMessageContaining("found 6146 bytes (2 whole records)");
  }

  @Test
  void build_fromDirectoryWithShortStandardFiles_failsNamingTheFile() throws IOException {
    for (String name : CifarLayout.CIFAR_10.trainingFiles()) {
      CifarRecords.writeCifar10(temp.resolve(name), 1);
    }
    CifarRecords.writeCifar10(temp.resolve("test_batch.bin"), 1);
    assertThatThrownBy(
            () ->
                CifarDataset.builder()
                    .setDirectory(temp)
                    .optDownload(DownloadPolicy.OFFLINE)
                    .setLayout(CifarLayout.CIFAR_10)
                    .setSplit(Split.TRAIN)
                    .setSampling(4, false)
                    .build())
        .isInstanceOf(BadDataFileException.class)
        .hasMessageContaining(temp.resolve("data_batch_1.bin").toString())
        .hasMessageContaining("expected 10000 CIFAR-10 records");
  }

  @Test
  void read_outOfRangeLabels_nameFileRecordAndValue() throws IOException {
    Path ten = CifarRecords.writeCifar10(temp.resolve("ten.bin"), 0, 9, 10);
    Path fine =
        CifarRecords.writeCifar100(temp.resolve("fine.bin"), new int[] {0, 1}, new int[] {5, 100});
    Path coarse =
        CifarRecords.writeCifar100(temp.resolve("coarse.bin"), new int[] {20}, new int[] {5});

    assertThatThrownBy(() -> CifarFiles.read(CifarLayout.CIFAR_10, List.of(ten), 0))
        .hasMessage(ten + ": record 2: expected a label in [0, 9] but found 10");
    assertThatThrownBy(() -> CifarFiles.read(CifarLayout.CIFAR_100, List.of(fine), 0))
        .hasMessage(fine + ": record 1: expected a fine label in [0, 99] but found 100");
    assertThatThrownBy(() -> CifarFiles.read(CifarLayout.CIFAR_100, List.of(coarse), 0))
        .hasMessage(coarse + ": record 0: expected a coarse label in [0, 19] but found 20");
  }

  @Test
  void read_emptyFile_isRejected() throws IOException {
    Path empty = Files.write(temp.resolve("empty.bin"), new byte[0]);
    assertThatThrownBy(() -> CifarFiles.read(CifarLayout.CIFAR_10, List.of(empty), 0))
        .isInstanceOf(BadDataFileException.class)
        .hasMessageContaining("found 0 bytes");
  }
}
