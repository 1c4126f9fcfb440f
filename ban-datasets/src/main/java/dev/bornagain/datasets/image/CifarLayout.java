package dev.bornagain.datasets.image;

import com.google.common.collect.ImmutableList;
import dev.bornagain.datasets.DatasetSource;

/**
 * The binary layouts of CIFAR-10 and CIFAR-100 and which label a dataset reads.
 *
 * <p>CIFAR-10 records are 3,073 bytes: 1 label byte, then 1,024 red, 1,024 green and 1,024 blue
 * bytes (rows top to bottom). CIFAR-100 records are 3,074 bytes: 1 coarse label byte (20 classes),
 * 1 fine label byte (100 classes), then the same 3,072 pixel bytes.
 */
public enum CifarLayout {
  /** CIFAR-10: 10 classes. */
  CIFAR_10(DatasetSource.CIFAR_10, 1, 0, 10, trainBatches(), "test_batch.bin", 10_000, 10_000),
  /** CIFAR-100 with its 100 fine labels, the usual choice and this project's default. */
  CIFAR_100(
      DatasetSource.CIFAR_100,
      2,
      1,
      100,
      ImmutableList.of("train.bin"),
      "test.bin",
      50_000,
      10_000),
  /** CIFAR-100 with its 20 coarse (superclass) labels. */
  CIFAR_100_COARSE(
      DatasetSource.CIFAR_100, 2, 0, 20, ImmutableList.of("train.bin"), "test.bin", 50_000, 10_000);

  /** Bytes of pixels in every record: 3 channels of 32 x 32. */
  public static final int PIXEL_BYTES = 3 * 32 * 32;

  private final DatasetSource source;
  private final int labelBytes;
  private final int labelOffset;
  private final int classCount;
  private final ImmutableList<String> trainingFiles;
  private final String testFile;
  private final int recordsPerTrainingFile;
  private final int recordsPerTestFile;

  CifarLayout(
      DatasetSource source,
      int labelBytes,
      int labelOffset,
      int classCount,
      ImmutableList<String> trainingFiles,
      String testFile,
      int recordsPerTrainingFile,
      int recordsPerTestFile) {
    this.source = source;
    this.labelBytes = labelBytes;
    this.labelOffset = labelOffset;
    this.classCount = classCount;
    this.trainingFiles = trainingFiles;
    this.testFile = testFile;
    this.recordsPerTrainingFile = recordsPerTrainingFile;
    this.recordsPerTestFile = recordsPerTestFile;
  }

  private static ImmutableList<String> trainBatches() {
    return ImmutableList.of(
        "data_batch_1.bin",
        "data_batch_2.bin",
        "data_batch_3.bin",
        "data_batch_4.bin",
        "data_batch_5.bin");
  }

  /** Returns where the files of this layout come from. */
  public DatasetSource source() {
    return source;
  }

  /** Returns the label bytes at the start of each record: 1 for CIFAR-10, 2 for CIFAR-100. */
  public int labelBytes() {
    return labelBytes;
  }

  /** Returns which of the label bytes this layout reads as the class. */
  public int labelOffset() {
    return labelOffset;
  }

  /** Returns the record length in bytes: label bytes plus 3,072 pixel bytes. */
  public int recordBytes() {
    return labelBytes + PIXEL_BYTES;
  }

  /** Returns the number of classes of the label read. */
  public int classCount() {
    return classCount;
  }

  /** Returns the standard training file names in a data directory. */
  public ImmutableList<String> trainingFiles() {
    return trainingFiles;
  }

  /** Returns the standard test file name in a data directory. */
  public String testFile() {
    return testFile;
  }

  /** Returns the number of records each standard training file holds. */
  public int recordsPerTrainingFile() {
    return recordsPerTrainingFile;
  }

  /** Returns the number of records the standard test file holds. */
  public int recordsPerTestFile() {
    return recordsPerTestFile;
  }

  /** Returns the dataset's name and label kind, for messages. */
  public String displayName() {
    return switch (this) {
      case CIFAR_10 -> "CIFAR-10";
      case CIFAR_100 -> "CIFAR-100 (fine labels)";
      case CIFAR_100_COARSE -> "CIFAR-100 (coarse labels)";
    };
  }
}
