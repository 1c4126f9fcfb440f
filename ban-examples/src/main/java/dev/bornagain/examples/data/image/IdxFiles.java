package dev.bornagain.examples.data.image;

import dev.bornagain.examples.data.BadDataFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

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

  private IdxFiles() {}

  /**
   * Reads an image file and its label file from disk.
   *
   * @param images the IDX image file, gzipped or not
   * @param labels the IDX label file, gzipped or not
   * @param classCount labels must lie in [0, classCount)
   * @return the images, one channel each, and their labels
   * @throws BadDataFileException if a file is not valid IDX, its size does not match its header,
   *     the counts of images and labels differ or a label is out of range; the message names the
   *     file and the expected and found values
   * @throws IOException if a file cannot be read
   */
  public static ImageSet read(Path images, Path labels, int classCount) throws IOException {
    return read(
        images.toString(),
        Files.readAllBytes(images),
        labels.toString(),
        Files.readAllBytes(labels),
        classCount);
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
    ByteBuffer images = ByteBuffer.wrap(gunzipIfNeeded(imagesName, imagesContent));
    ByteBuffer labels = ByteBuffer.wrap(gunzipIfNeeded(labelsName, labelsContent));

    checkMagic(imagesName, images, IMAGES_MAGIC, "unsigned bytes, 3 dimensions: images");
    checkHeader(imagesName, images, 16);
    int count = images.getInt(4);
    int rows = images.getInt(8);
    int columns = images.getInt(12);
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
    long expectedImageBytes = 16L + (long) count * rows * columns;
    if (images.capacity() != expectedImageBytes) {
      throw new BadDataFileException(
          imagesName,
          "header promises "
              + count
              + " images of "
              + rows
              + " x "
              + columns
              + ", expected "
              + expectedImageBytes
              + " bytes (uncompressed) but found "
              + images.capacity());
    }

    checkMagic(labelsName, labels, LABELS_MAGIC, "unsigned bytes, 1 dimension: labels");
    checkHeader(labelsName, labels, 8);
    int labelCount = labels.getInt(4);
    if (labels.capacity() != 8L + Math.max(labelCount, 0) || labelCount < 0) {
      throw new BadDataFileException(
          labelsName,
          "header promises "
              + labelCount
              + " labels, expected "
              + (8L + labelCount)
              + " bytes (uncompressed) but found "
              + labels.capacity());
    }
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
    int[] labelArray = new int[count];
    for (int i = 0; i < count; i++) {
      int label = labels.get(8 + i) & 0xFF;
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
    byte[] pixels = Arrays.copyOfRange(images.array(), 16, images.capacity());
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

  private static byte[] gunzipIfNeeded(String name, byte[] content) throws BadDataFileException {
    boolean gzipped =
        content.length >= 2 && (content[0] & 0xFF) == 0x1F && (content[1] & 0xFF) == 0x8B;
    if (!gzipped) {
      return content;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(content), 1 << 16)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new BadDataFileException(
          name, "expected a complete gzip stream but decompression failed: " + e.getMessage());
    }
  }
}
