package dev.bornagain.core.checkpoint;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The SHA-256 digest the library writes beside each checkpoint and parameter file, as {@code
 * <file>.sha256} in {@code sha256sum}'s format ({@code <hex> <name>}), so {@code sha256sum -c}
 * checks it too. A file whose content no longer matches is reported as damaged instead of being
 * loaded: a flipped bit in a parameter file otherwise loads silently, and one in an array's shape
 * makes DJL decode garbage.
 */
public final class FileDigest {

  /** The suffix of a digest file. */
  public static final String SUFFIX = ".sha256";

  private FileDigest() {}

  /**
   * Returns where the digest of a file is kept.
   *
   * @param file the file
   * @return {@code <file>.sha256}
   */
  public static Path sidecar(Path file) {
    return file.resolveSibling(file.getFileName() + SUFFIX);
  }

  /**
   * Computes a file's SHA-256.
   *
   * @param file the file
   * @return its digest
   * @throws IOException if the file cannot be read
   */
  public static HashCode of(Path file) throws IOException {
    try {
      return MoreFiles.asByteSource(file).hash(Hashing.sha256());
    } catch (IOException e) {
      throw FileFailures.named("read (for its SHA-256)", file, e);
    }
  }

  /**
   * Records a file's digest beside it, atomically.
   *
   * @param file the file, complete
   * @param digest its SHA-256
   * @throws IOException if writing fails
   */
  static void record(Path file, HashCode digest) throws IOException {
    AtomicFiles.writeString(sidecar(file), digest + "  " + file.getFileName() + "\n");
  }

  /**
   * Checks a file against the digest recorded beside it.
   *
   * @param file the file
   * @throws DamagedFileException if the digest is missing or unreadable, or differs from the file's
   * @throws IOException if the file cannot be read
   */
  public static void verify(Path file) throws IOException {
    checkNotNull(file, "file");
    Path sidecar = sidecar(file);
    if (!Files.isRegularFile(sidecar)) {
      throw new DamagedFileException(
          file, "file " + file + " has no recorded digest: expected " + sidecar);
    }
    // Read leniently: a damaged digest file must be reported as damage, not as a decoding error.
    String recorded;
    try {
      recorded = new String(Files.readAllBytes(sidecar), StandardCharsets.ISO_8859_1).strip();
    } catch (IOException e) {
      throw FileFailures.named("read the digest file", sidecar, e);
    }
    int end = recorded.indexOf(' ');
    String expected = end < 0 ? recorded : recorded.substring(0, end);
    String actual = of(file).toString();
    if (!actual.equals(expected)) {
      throw new DamagedFileException(
          file,
          "file "
              + file
              + " is damaged: its SHA-256 is "
              + actual
              + " but "
              + sidecar.getFileName()
              + " recorded "
              + (expected.isEmpty() ? "nothing" : expected));
    }
  }

  /**
   * Checks a file against its digest if one is recorded; a file from elsewhere (a teacher trained
   * by another program) has none and passes.
   *
   * @param file the file
   * @throws DamagedFileException if a recorded digest differs from the file's
   * @throws IOException if the file cannot be read
   */
  public static void verifyIfRecorded(Path file) throws IOException {
    if (Files.exists(sidecar(file))) {
      verify(file);
    }
  }
}
