package dev.bornagain.datasets;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A strict gzip reader for data files. Unlike the JDK's {@code GZIPInputStream}, which ignores
 * whatever follows the last member when it does not look like a gzip header and reports a cut-off
 * stream as "Unexpected end of ZLIB input stream" or a null message, this reader refuses trailing
 * garbage, names a truncated stream as truncated, checks each member's CRC-32 and length, and puts
 * the file's name in every message ({@link BadDataFileException}).
 *
 * <p>It decompresses only as far as it is read: a caller that knows how many bytes to expect reads
 * at most that many plus one, so a small file that would inflate to gigabytes never reaches memory.
 * Concatenated members (RFC 1952 allows them) are read as one stream.
 */
public final class GzipInput extends InputStream {

  private static final int MAGIC_1 = 0x1F;
  private static final int MAGIC_2 = 0x8B;
  private static final int DEFLATE = 8;
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private final String name;
  private final InputStream in;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private long consumedBefore;
  private long memberBytes;
  private boolean ended;

  private GzipInput(String name, InputStream in) throws IOException {
    this.name = name;
    this.in = in;
    readHeader();
  }

  /**
   * Returns whether content starts with the gzip magic bytes 1f 8b.
   *
   * @param first the first bytes of a file (any length)
   * @return whether it is gzipped
   */
  public static boolean isGzip(byte[] first) {
    return first.length >= 2 && (first[0] & 0xFF) == MAGIC_1 && (first[1] & 0xFF) == MAGIC_2;
  }

  /**
   * Opens a stream that decompresses {@code raw} when it starts with the gzip magic bytes, and
   * passes it through unchanged otherwise.
   *
   * @param name the file's name, for messages
   * @param raw the file's bytes; closed with the returned stream
   * @return the content
   * @throws BadDataFileException if the gzip header is cut off or malformed
   * @throws IOException if {@code raw} cannot be read
   */
  public static InputStream open(String name, InputStream raw) throws IOException {
    checkNotNull(name, "name");
    InputStream buffered =
        raw instanceof BufferedInputStream ? raw : new BufferedInputStream(raw, 1 << 16);
    buffered.mark(2);
    byte[] first = buffered.readNBytes(2);
    buffered.reset();
    return isGzip(first) ? new GzipInput(name, buffered) : buffered;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] target, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (!ended) {
      if (inflater.finished()) {
        finishMember();
        continue;
      }
      if (inflater.needsInput()) {
        if (!fill()) {
          throw new BadDataFileException(
              name,
              "truncated gzip stream: the file ends after "
                  + consumed()
                  + " compressed bytes, before the end of the compressed data ("
                  + memberBytes
                  + " bytes decompressed so far)");
        }
        inflater.setInput(buffer, position, limit - position);
      }
      int n;
      try {
        n = inflater.inflate(target, offset, length);
      } catch (DataFormatException e) {
        throw new BadDataFileException(
            name,
            "corrupt gzip stream near compressed byte "
                + consumed()
                + ": "
                + (e.getMessage() != null ? e.getMessage() : "invalid deflate data"));
      }
      position = limit - inflater.getRemaining();
      if (inflater.needsDictionary()) {
        throw new BadDataFileException(name, "corrupt gzip stream: asks for a preset dictionary");
      }
      if (n > 0) {
        crc.update(target, offset, n);
        memberBytes += n;
        return n;
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    in.close();
  }

  /** Bytes of the file consumed so far (handed to the inflater or parsed). */
  private long consumed() {
    return consumedBefore + position;
  }

  /** Reads the next chunk of the file when the buffer is spent; false at the end of the file. */
  private boolean fill() throws IOException {
    if (position < limit) {
      return true;
    }
    consumedBefore += limit;
    position = 0;
    limit = 0;
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    limit = n;
    return true;
  }

  private int rawByte(String what) throws IOException {
    if (!fill()) {
      throw new BadDataFileException(
          name, "truncated gzip stream: the file ends after " + consumed() + " bytes, in " + what);
    }
    return buffer[position++] & 0xFF;
  }

  private void readHeader() throws IOException {
    int first = rawByte("the gzip header");
    int second = rawByte("the gzip header");
    if (first != MAGIC_1 || second != MAGIC_2) {
      throw new BadDataFileException(
          name,
          String.format(
              "expected the gzip magic bytes 1f 8b at byte %d but found %02x %02x",
              consumed() - 2, first, second));
    }
    int method = rawByte("the gzip header");
    if (method != DEFLATE) {
      throw new BadDataFileException(
          name, "expected gzip compression method 8 (deflate) but found " + method);
    }
    int flags = rawByte("the gzip header");
    for (int i = 0; i < 6; i++) {
      rawByte("the gzip header"); // modification time, extra flags, operating system
    }
    if ((flags & FEXTRA) != 0) {
      int length = rawByte("the gzip header") | rawByte("the gzip header") << 8;
      for (int i = 0; i < length; i++) {
        rawByte("the gzip header's extra field");
      }
    }
    if ((flags & FNAME) != 0) {
      while (rawByte("the gzip header's file name") != 0) {
        // skip the zero-terminated name
      }
    }
    if ((flags & FCOMMENT) != 0) {
      while (rawByte("the gzip header's comment") != 0) {
        // skip the zero-terminated comment
      }
    }
    if ((flags & FHCRC) != 0) {
      rawByte("the gzip header");
      rawByte("the gzip header");
    }
    inflater.reset();
    crc.reset();
    memberBytes = 0;
  }

  /** Checks a member's trailer, then starts the next member, or ends at the end of the file. */
  private void finishMember() throws IOException {
    long storedCrc = 0;
    for (int i = 0; i < 4; i++) {
      storedCrc |= (long) rawByte("the gzip trailer") << (8 * i);
    }
    long storedSize = 0;
    for (int i = 0; i < 4; i++) {
      storedSize |= (long) rawByte("the gzip trailer") << (8 * i);
    }
    if (storedCrc != crc.getValue()) {
      throw new BadDataFileException(
          name,
          String.format(
              "corrupt gzip stream: the trailer's CRC-32 is %08x but the content's is %08x",
              storedCrc, crc.getValue()));
    }
    if (storedSize != (memberBytes & 0xFFFFFFFFL)) {
      throw new BadDataFileException(
          name,
          "corrupt gzip stream: the trailer says "
              + storedSize
              + " bytes (modulo 2^32) but the content has "
              + memberBytes);
    }
    if (!fill()) {
      ended = true;
      return;
    }
    long offset = consumed();
    int next = buffer[position] & 0xFF;
    boolean anotherMember =
        next == MAGIC_1
            && (position + 1 < limit ? (buffer[position + 1] & 0xFF) == MAGIC_2 : peekAfter());
    if (!anotherMember) {
      throw new BadDataFileException(
          name,
          "unexpected bytes after the end of the gzip stream at byte "
              + offset
              + " (trailing garbage: the file was appended to or is not one gzip stream)");
    }
    readHeader();
  }

  /**
   * Whether the byte after the buffer's last is the second magic byte (a header split by reads).
   */
  private boolean peekAfter() throws IOException {
    // The buffer holds exactly one byte; move it to the front and read more behind it.
    buffer[0] = buffer[position];
    consumedBefore += position;
    position = 0;
    int n = in.read(buffer, 1, buffer.length - 1);
    limit = 1 + Math.max(n, 0);
    return limit > 1 && (buffer[1] & 0xFF) == MAGIC_2;
  }
}
