package dev.bornagain.datasets.image;

import dev.bornagain.datasets.BadDataFileException;
import dev.bornagain.datasets.DataFileAccess;
import dev.bornagain.datasets.GzipInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads image and label files in the IDX format of MNIST and Fashion-MNIST, gzipped or not (a file
 * is gunzipped when it starts with the gzip magic bytes 1f 8b, whatever its name).
 *
 * <p>Images: magic {@code 0x00000803} (unsigned bytes, 3 dimensions), then the image count, rows
 * and columns as big-endian 32-bit integers, then the pixels. Labels: magic {@code 0x00000801},
 * then the count, then one byte per label.
 */
public final class IdxFiles {

  /** The magic number of an IDX file of unsigned bytes with three dimensions (images). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** The magic number of an IDX file of unsigned bytes with one dimension (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  // The largest array a JVM allocates.
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private IdxFiles() {}

  /**
   * Reads an image file and its label file from disk.
   *
   * @param images the IDX image file, gzipped or not
   * @param labels the IDX label file, gzipped or not
   * @param classCount labels must lie in [0, classCount)
   * @return the images, one channel each, and their labels
   * @throws BadDataFileException if a file is not valid IDX, its size does not match its header, a
   *     gzip stream is truncated, corrupt or followed by other bytes, the counts of images and
   *     labels differ or a label is out of range; the message names the file and the expected and
   *     found values
   * @throws IOException if a file is missing, a directory, or cannot be read (the message names the
   *     file and the operation)
   */
  public static ImageSet read(Path images, Path labels, int classCount) throws IOException {
    try (InputStream imageStream = DataFileAccess.open(images, "IDX image file");
        InputStream labelStream = DataFileAccess.open(labels, "IDX label file")) {
      return read(images.toString(), imageStream, labels.toString(), labelStream, classCount);
    }
  }

  /**
   * Reads an image file and its label file from their bytes (for example classpath resources).
   *
   * @param imagesName the image file's name, for messages
   * @param imagesContent the image file's bytes, gzipped or not
   * @param labelsName the label file's name, for messages
   * @param labelsContent the label file's bytes, gzipped or not
   * @param classCount labels must lie in [0, classCount)
   * @return the images, one channel each, and their labels
   * @throws BadDataFileException as {@link #read(Path, Path, int)}
   */
  public static ImageSet read(
      String imagesName,
      byte[] imagesContent,
      String labelsName,
      byte[] labelsContent,
      int classCount)
      throws BadDataFileException {
    try {
      return read(
          imagesName,
          new ByteArrayInputStream(imagesContent),
          labelsName,
          new ByteArrayInputStream(labelsContent),
          classCount);
    } catch (BadDataFileException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("reading an array cannot fail", e);
    }
  }

  /**
   * Reads both files as streams, gunzipping each that starts with the gzip magic bytes. The image
   * header is read first; then at most the bytes it promises, plus one to detect a longer file, so
   * that a small file inflating to gigabytes never reaches memory.
   */
  private static ImageSet read(
      String imagesName,
      InputStream imagesRaw,
      String labelsName,
      InputStream labelsRaw,
      int classCount)
      throws IOException {
    InputStream images = GzipInput.open(imagesName, imagesRaw);
    ByteBuffer header = ByteBuffer.wrap(images.readNBytes(16));
    checkMagic(imagesName, header, IMAGES_MAGIC, "unsigned bytes, 3 dimensions: images");
    checkHeader(imagesName, header, 16);
    int count = header.getInt(4);
    int rows = header.getInt(8);
    int columns = header.getInt(12);
    if (count <= 0 || rows <= 0 || columns <= 0) {
      throw new BadDataFileException(
          imagesName,
          "expected positive image count, rows and columns but found "
              + count
              + " x "
              + rows
              + " x "
              + columns);
    }
    long expectedPixels = (long) count * rows * columns;
    String promise =
        "header promises "
            + count
            + " images of "
            + rows
            + " x "
            + columns
            + ", expected "
            + (16 + expectedPixels)
            + " bytes (uncompressed)";
    if (expectedPixels > MAX_ARRAY) {
      throw new BadDataFileException(
          imagesName, promise + ", more than one Java array holds (" + MAX_ARRAY + ")");
    }
    byte[] pixels = readExactly(imagesName, images, (int) expectedPixels, 16, promise);

    InputStream labels = GzipInput.open(labelsName, labelsRaw);
    ByteBuffer labelHeader = ByteBuffer.wrap(labels.readNBytes(8));
    checkMagic(labelsName, labelHeader, LABELS_MAGIC, "unsigned bytes, 1 dimension: labels");
    checkHeader(labelsName, labelHeader, 8);
    int labelCount = labelHeader.getInt(4);
    if (labelCount != count) {
      throw new BadDataFileException(
          labelsName,
          "expected "
              + count
              + " labels (one per image in "
              + imagesName
              + ") but found "
              + labelCount);
    }
    byte[] labelBytes =
        readExactly(
            labelsName,
            labels,
            count,
            8,
            "header promises "
                + labelCount
                + " labels, expected "
                + (8L + labelCount)
                + " bytes (uncompressed)");
    int[] labelArray = new int[count];
    for (int i = 0; i < count; i++) {
      int label = labelBytes[i] & 0xFF;
      if (label >= classCount) {
        throw new BadDataFileException(
            labelsName,
            "label "
                + i
                + ": expected a class in [0, "
                + (classCount - 1)
                + "] but found "
                + label);
      }
      labelArray[i] = label;
    }
    return new ImageSet(
        pixels,
        labelArray,
        0,
        count,
        1,
        rows,
        columns,
        classCount,
        "[" + imagesName + ", " + labelsName + "]");
  }

  /**
   * Reads exactly {@code expected} bytes after a header and checks that nothing follows; memory
   * grows with what the file holds, never beyond {@code expected + 1} bytes.
   */
  private static byte[] readExactly(
      String name, InputStream in, int expected, int headerBytes, String promise)
      throws IOException {
    byte[] body = in.readNBytes(expected);
    if (body.length < expected) {
      throw new BadDataFileException(
          name, promise + " but found " + (headerBytes + (long) body.length));
    }
    if (in.read() >= 0) {
      throw new BadDataFileException(
          name,
          promise
              + " but the file holds more (read stopped at "
              + (headerBytes + (long) expected + 1)
              + " bytes)");
    }
    return body;
  }

  private static void checkHeader(String name, ByteBuffer content, int headerBytes)
      throws BadDataFileException {
    if (content.capacity() < headerBytes) {
      throw new BadDataFileException(
          name,
          "expected an IDX header of "
              + headerBytes
              + " bytes but the file has only "
              + content.capacity());
    }
  }

  private static void checkMagic(String name, ByteBuffer content, int magic, String meaning)
      throws BadDataFileException {
    int found = content.capacity() >= 4 ? content.getInt(0) : -1;
    if (found != magic) {
      throw new BadDataFileException(
          name,
          String.format(
              "bad IDX magic number: expected 0x%08x (%s) but found %s",
              magic,
              meaning,
              content.capacity() >= 4
                  ? String.format("0x%08x", found)
                  : "a file of " + content.capacity() + " bytes"));
    }
  }
}
