package dev.bornagain.datasets.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bornagain.datasets.BadDataFileException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class IdxFilesTest {

  @TempDir Path temp;

  /** Three 2 x 3 images whose pixel p of image i is 10 * i + p. */
  private static byte[] images(int count, int rows, int columns) {
    ByteBuffer buffer = ByteBuffer.allocate(16 + count * rows * columns);
    buffer.putInt(IdxFiles.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(columns);
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < rows * columns; p++) {
        buffer.put((byte) (10 * i + p));
      }
    }
    return buffer.array();
  }

  private static byte[] labels(int... labels) {
    ByteBuffer buffer = ByteBuffer.allocate(8 + labels.length);
    buffer.putInt(IdxFiles.LABELS_MAGIC).putInt(labels.length);
    for (int label : labels) {
      buffer.put((byte) label);
    }
    return buffer.array();
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }

  @Test
  void read_plainAndGzippedFiles_giveTheSameImages() throws IOException {
    Path plainImages = Files.write(temp.resolve("img"), images(3, 2, 3));
    Path plainLabels = Files.write(temp.resolve("lab"), labels(4, 0, 9));
    Path gzImages = Files.write(temp.resolve("img.gz"), gzip(images(3, 2, 3)));
    Path gzLabels = Files.write(temp.resolve("lab.gz"), gzip(labels(4, 0, 9)));

    ImageSet plain = IdxFiles.read(plainImages, plainLabels, 10);
    ImageSet gzipped = IdxFiles.read(gzImages, gzLabels, 10);

    for (ImageSet set : new ImageSet[] {plain, gzipped}) {
      assertThat(set.size()).isEqualTo(3);
      assertThat(set.channels()).isEqualTo(1);
      assertThat(set.height()).isEqualTo(2);
      assertThat(set.width()).isEqualTo(3);
      assertThat(new int[] {set.label(0), set.label(1), set.label(2)}).containsExactly(4, 0, 9);
      assertThat(set.pixel(2, 0, 1, 2)).isEqualTo(25);
    }
  }

  @Test
  void read_detectsGzipByMagicBytesNotByName() throws IOException {
    Path gzippedWithoutSuffix = Files.write(temp.resolve("images"), gzip(images(2, 2, 2)));
    Path plainWithSuffix = Files.write(temp.resolve("labels.gz"), labels(1, 2));

    ImageSet set = IdxFiles.read(gzippedWithoutSuffix, plainWithSuffix, 10);

    assertThat(set.size()).isEqualTo(2);
    assertThat(set.pixel(1, 0, 1, 1)).isEqualTo(13);
  }

  @Test
  void read_badMagic_namesFileExpectedAndFoundMagic() throws IOException {
    Path img = Files.write(temp.resolve("img"), images(1, 2, 2));
    Path lab = Files.write(temp.resolve("lab"), labels(1));
    assertThatThrownBy(() -> IdxFiles.read(lab, img, 10))
        .isInstanceOf(BadDataFileException.class)
        .hasMessage(
            lab
                + ": bad IDX magic number: expected 0x00000803 (unsigned bytes, 3 dimensions:"
                + " images) but found 0x00000801");
    assertThatThrownBy(() -> IdxFiles.read(img, img, 10))
        .hasMessage(
            img
                + ": bad IDX magic number: expected 0x00000801 (unsigned bytes, 1 dimension:"
                + " labels) but found 0x00000803");
  }

  @Test
  void read_truncatedImages_namesExpectedAndFoundSizes() throws IOException {
    byte[] full = images(3, 2, 3);
    Path img = Files.write(temp.resolve("img"), Arrays.copyOf(full, full.length - 5));
    Path lab = Files.write(temp.resolve("lab"), labels(1, 2, 3));
    assertThatThrownBy(() -> IdxFiles.read(img, lab, 10))
        .isInstanceOf(BadDataFileException.class)
        .hasMessage(
            img
                + ": header promises 3 images of 2 x 3, expected 34 bytes (uncompressed) but"
                + " found 29");
  }

  @Test
  void read_truncatedGzip_isNamed() throws IOException {
    byte[] compressed = gzip(images(50, 10, 10));
    Path img =
        Files.write(temp.resolve("img.gz"), Arrays.copyOf(compressed, compressed.length / 2));
    Path lab = Files.write(temp.resolve("lab"), labels(new int[50]));
    assertThatThrownBy(() -> IdxFiles.read(img, lab, 10))
        .isInstanceOf(BadDataFileException.class)
        .hasMessageStartingWith(img + ": truncated gzip stream: the file ends after");
  }

  @Test
  void read_gzipThatInflatesFarBeyondItsHeader_stopsAfterTheExpectedBytes() throws IOException {
    // 48 concatenated gzip members of 64 MiB of zeros each after the real content: 3 GiB
    // inflated from about 3 MB. Reading it whole would take seconds and run out of memory.
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    bomb.write(gzip(images(10, 28, 28)));
    byte[] zeros = gzip(new byte[64 << 20]);
    for (int i = 0; i < 48; i++) {
      bomb.write(zeros);
    }
    Path img = Files.write(temp.resolve("bomb.gz"), bomb.toByteArray());
    Path lab = Files.write(temp.resolve("lab"), labels(new int[10]));
    // The message's "read stopped at 7857 bytes" shows the early stop (no clock on a loaded host).
    assertThatThrownBy(() -> IdxFiles.read(img, lab, 10))
        .isInstanceOf(BadDataFileException.class)
        .hasMessage(
            img
                + ": header promises 10 images of 28 x 28, expected 7856 bytes (uncompressed) but"
                + " the file holds more (read stopped at 7857 bytes)");
  }

  @Test
  void read_gzipWithTrailingGarbage_isRefusedNamingTheOffset() throws IOException {
    byte[] compressed = gzip(images(3, 2, 3));
    byte[] withGarbage = Arrays.copyOf(compressed, compressed.length + 3);
    withGarbage[compressed.length] = 'x';
    Path img = Files.write(temp.resolve("img.gz"), withGarbage);
    Path lab = Files.write(temp.resolve("lab"), labels(1, 2, 3));
    assertThatThrownBy(() -> IdxFiles.read(img, lab, 10))
        .isInstanceOf(BadDataFileException.class)
        .hasMessage(
            img
                + ": unexpected bytes after the end of the gzip stream at byte "
                + compressed.length
                + " (trailing garbage: the file was appended to or is not one gzip stream)");
  }

  @Test
  void read_concatenatedGzipMembers_areOneStream() throws IOException {
    byte[] content = images(3, 2, 3);
    ByteArrayOutputStream twoMembers = new ByteArrayOutputStream();
    twoMembers.write(gzip(Arrays.copyOf(content, 10)));
    twoMembers.write(gzip(Arrays.copyOfRange(content, 10, content.length)));
    Path img = Files.write(temp.resolve("img.gz"), twoMembers.toByteArray());
    Path lab = Files.write(temp.resolve("lab"), labels(1, 2, 3));
    assertThat(IdxFiles.read(img, lab, 10).pixel(2, 0, 1, 2)).isEqualTo(25);
  }

  @Test
  void read_gzipWithFlippedContentByte_failsItsCrc() throws IOException {
    byte[] compressed = gzip(images(3, 2, 3));
    compressed[compressed.length - 8] ^= 1; // the stored CRC-32
    Path img = Files.write(temp.resolve("img.gz"), compressed);
    Path lab = Files.write(temp.resolve("lab"), labels(1, 2, 3));
    assertThatThrownBy(() -> IdxFiles.read(img, lab, 10))
        .isInstanceOf(BadDataFileException.class)
        .hasMessageStartingWith(img + ": corrupt gzip stream: the trailer's CRC-32 is");
  }

  @Test
  void read_directoryWhereTheFileShouldBe_saysDirectory() throws IOException {
    Path img = Files.createDirectory(temp.resolve("img"));
    Path lab = Files.write(temp.resolve("lab"), labels(1));
    assertThatThrownBy(() -> IdxFiles.read(img, lab, 10))
        .isInstanceOf(BadDataFileException.class)
        .hasMessage(
            img + ": expected a file (the IDX image file) but found a directory at this path");
  }

  @Test
  void read_missingFile_namesItAndTheOperation() throws IOException {
    Path lab = Files.write(temp.resolve("lab"), labels(1));
    Path img = temp.resolve("absent");
    assertThatThrownBy(() -> IdxFiles.read(img, lab, 10))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(img + ": cannot read the IDX image file: the file does not exist");
  }

  @Test
  void read_unreadableFile_namesThePathAndTheOperation() throws IOException {
    Path lab = Files.write(temp.resolve("lab"), labels(1));
    Path img = unreadableFile();
    assertThatThrownBy(() -> IdxFiles.read(img, lab, 10))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot open the IDX image file " + img + ": permission denied");
  }

  /**
   * A file this user cannot open for reading: one without read permission, or, for root (who reads
   * those, as in most containers and CI), a write-only sysctl file, which the kernel refuses to
   * open for reading even to root.
   */
  private Path unreadableFile() throws IOException {
    Path file = Files.write(temp.resolve("img"), images(1, 2, 2));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    if (!Files.isReadable(file)) {
      return file;
    }
    Path writeOnly = Path.of("/proc/sys/vm/drop_caches");
    assertThat(writeOnly)
        .as("this user reads files without read permission, and %s is absent", writeOnly)
        .exists();
    return writeOnly;
  }

  @Test
  void read_countMismatch_namesBothCounts() throws IOException {
    Path img = Files.write(temp.resolve("img"), images(3, 2, 2));
    Path lab = Files.write(temp.resolve("lab"), labels(1, 2));
    assertThatThrownBy(() -> IdxFiles.read(img, lab, 10))
        .isInstanceOf(BadDataFileException.class)
        .hasMessage(lab + ": expected 3 labels (one per image in " + img + ") but found 2");
  }

  @Test
  void read_labelHeaderDisagreeingWithLength_isRejected() throws IOException {
    byte[] lab = labels(1, 2, 3);
    ByteBuffer.wrap(lab).putInt(4, 7);
    Path img = Files.write(temp.resolve("img"), images(7, 2, 2));
    Path labFile = Files.write(temp.resolve("lab"), lab);
    assertThatThrownBy(() -> IdxFiles.read(img, labFile, 10))
        .hasMessage(
            labFile + ": header promises 7 labels, expected 15 bytes (uncompressed) but found 11");
  }

  @Test
  void read_outOfRangeLabel_namesIndexAndValue() throws IOException {
    Path img = Files.write(temp.resolve("img"), images(2, 2, 2));
    Path lab = Files.write(temp.resolve("lab"), labels(3, 10));
    assertThatThrownBy(() -> IdxFiles.read(img, lab, 10))
        .hasMessage(lab + ": label 1: expected a class in [0, 9] but found 10");
  }

  @Test
  void read_tinyFile_reportsItsLength() throws IOException {
    Path img = Files.write(temp.resolve("img"), new byte[] {0, 0});
    Path lab = Files.write(temp.resolve("lab"), labels(1));
    assertThatThrownBy(() -> IdxFiles.read(img, lab, 10))
        .hasMessageContaining("expected 0x00000803")
        .hasMessageContaining("found a file of 2 bytes");
  }
}
