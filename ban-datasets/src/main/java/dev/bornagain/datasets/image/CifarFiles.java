package dev.bornagain.datasets.image;

import static com.google.common.base.Preconditions.checkArgument;

import dev.bornagain.datasets.BadDataFileException;
import dev.bornagain.datasets.DataFileAccess;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads CIFAR binary files into an {@link ImageSet}, checking sizes and labels as it goes. */
public final class CifarFiles {

  private CifarFiles() {}

  /**
   * Reads and concatenates CIFAR files in the given layout.
   *
   * @param layout the record layout and which label to keep
   * @param files the files, read in order
   * @param expectedRecordsPerFile the record count each file must hold (the standard files hold
   *     10,000 or 50,000), or 0 to accept any whole, non-zero number of records
   * @return the images and labels of all files
   * @throws BadDataFileException if a file's size is not a whole number of records, differs from
   *     the expected count, or a label byte is out of range; the message names the file and the
   *     expected and found values
   * @throws IOException if a file is missing, a directory or cannot be read (the message names the
   *     file and the operation)
   * @throws IllegalArgumentException if {@code files} is empty or the expected count is negative
   */
  public static ImageSet read(CifarLayout layout, List<Path> files, int expectedRecordsPerFile)
      throws IOException {
    checkArgument(!files.isEmpty(), "no %s files given", layout.displayName());
    checkArgument(
        expectedRecordsPerFile >= 0,
        "expected records per file must be >= 0 but was %s",
        expectedRecordsPerFile);
    int recordBytes = layout.recordBytes();
    List<Integer> counts = new ArrayList<>();
    long total = 0;
    for (Path file : files) {
      int records =
          checkSize(
              layout,
              file,
              DataFileAccess.size(file, layout.displayName() + " file"),
              expectedRecordsPerFile);
      counts.add(records);
      total += records;
    }
    checkArgument(
        total * CifarLayout.PIXEL_BYTES <= Integer.MAX_VALUE - 8,
        "%s images do not fit one Java array",
        total);
    int n = (int) total;
    byte[] pixels = new byte[n * CifarLayout.PIXEL_BYTES];
    int[] labels = new int[n];
    int next = 0;
    byte[] record = new byte[recordBytes];
    for (int f = 0; f < files.size(); f++) {
      Path file = files.get(f);
      try (InputStream in =
          new BufferedInputStream(
              DataFileAccess.open(file, layout.displayName() + " file"), 1 << 20)) {
        for (int r = 0; r < counts.get(f); r++) {
          int read = in.readNBytes(record, 0, recordBytes);
          if (read != recordBytes) {
            throw new BadDataFileException(
                file,
                "expected "
                    + recordBytes
                    + " bytes for record "
                    + r
                    + " but found "
                    + read
                    + " (the file shrank while being read)");
          }
          checkLabels(layout, file, r, record);
          labels[next] = record[layout.labelOffset()] & 0xFF;
          System.arraycopy(
              record,
              layout.labelBytes(),
              pixels,
              next * CifarLayout.PIXEL_BYTES,
              CifarLayout.PIXEL_BYTES);
          next++;
        }
      }
    }
    return new ImageSet(
        pixels, labels, 0, n, 3, 32, 32, layout.classCount(), layout.displayName() + " " + files);
  }

  private static int checkSize(CifarLayout layout, Path file, long size, int expected)
      throws BadDataFileException {
    int recordBytes = layout.recordBytes();
    if (expected > 0 && size != (long) expected * recordBytes) {
      throw new BadDataFileException(
          file,
          "expected "
              + expected
              + " "
              + layout.displayName()
              + " records of "
              + recordBytes
              + " bytes ("
              + (long) expected * recordBytes
              + " bytes) but found "
              + size
              + " bytes ("
              + describeRecords(size, recordBytes)
              + ")");
    }
    if (size == 0 || size % recordBytes != 0) {
      throw new BadDataFileException(
          file,
          "expected a non-zero multiple of the "
              + recordBytes
              + "-byte "
              + layout.displayName()
              + " record but found "
              + size
              + " bytes ("
              + describeRecords(size, recordBytes)
              + ")");
    }
    return Math.toIntExact(size / recordBytes);
  }

  private static String describeRecords(long size, int recordBytes) {
    long whole = size / recordBytes;
    long rest = size % recordBytes;
    return whole + " whole records" + (rest == 0 ? "" : " and " + rest + " bytes left over");
  }

  private static void checkLabels(CifarLayout layout, Path file, int index, byte[] record)
      throws BadDataFileException {
    if (layout.labelBytes() == 1) {
      checkLabel(file, index, "label", record[0] & 0xFF, 10);
    } else {
      checkLabel(file, index, "coarse label", record[0] & 0xFF, 20);
      checkLabel(file, index, "fine label", record[1] & 0xFF, 100);
    }
  }

  private static void checkLabel(Path file, int index, String what, int value, int classes)
      throws BadDataFileException {
    if (value >= classes) {
      throw new BadDataFileException(
          file,
          "record "
              + index
              + ": expected a "
              + what
              + " in [0, "
              + (classes - 1)
              + "] but found "
              + value);
    }
  }
}
