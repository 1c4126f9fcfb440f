package dev.bornagain.core.checkpoint;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import com.google.common.hash.HashingOutputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes files so that a reader (or a process restarted after a crash) sees either the old content
 * or the complete new one, never a half-written file: write to a temporary sibling, flush it to the
 * disk, then rename it over the target.
 */
public final class AtomicFiles {

  /** The name prefix of temporary files and directories, renamed once complete. */
  public static final String TEMPORARY_PREFIX = ".tmp-";

  private AtomicFiles() {}

  /** Writes the content of a file. */
  @FunctionalInterface
  public interface Writer {
    /**
     * Writes to the stream.
     *
     * @param out the stream to write to; closed by the caller
     * @throws IOException if writing fails
     */
    void write(DataOutputStream out) throws IOException;
  }

  /**
   * Writes a file atomically, replacing any previous version.
   *
   * @param target the file to write
   * @param writer what to write
   * @throws IOException if writing or renaming fails; the target is then unchanged
   */
  public static void write(Path target, Writer writer) throws IOException {
    writeAndHash(target, writer);
  }

  /** Writes through a temporary sibling, hashing what is written on the way. */
  private static HashCode writeAndHash(Path target, Writer writer) throws IOException {
    try {
      return writeThroughTemporary(target, writer);
    } catch (IOException e) {
      // "No space left on device" alone names neither the file nor what was being done.
      throw FileFailures.named("write", target, e);
    }
  }

  private static HashCode writeThroughTemporary(Path target, Writer writer) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, TEMPORARY_PREFIX + target.getFileName(), "");
    try {
      HashCode digest;
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
          HashingOutputStream hashing =
              new HashingOutputStream(
                  Hashing.sha256(),
                  new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
          DataOutputStream out = new DataOutputStream(hashing)) {
        writer.write(out);
        out.flush();
        // On the disk before the rename: otherwise a power loss can leave the renamed file empty.
        channel.force(true);
        digest = hashing.hash();
      }
      move(temporary, target);
      return digest;
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Writes a file atomically, then its SHA-256 digest beside it ({@link FileDigest}), hashed while
   * writing. The digest is written second: a process killed in between leaves a file whose digest
   * is missing or stale, which a reader reports as damaged rather than trusts.
   *
   * @param target the file to write
   * @param writer what to write
   * @throws IOException if writing or renaming fails
   */
  public static void writeWithDigest(Path target, Writer writer) throws IOException {
    FileDigest.record(target, writeAndHash(target, writer));
  }

  /**
   * Writes a UTF-8 text file atomically, with its digest beside it.
   *
   * @param target the file to write
   * @param text its content
   * @throws IOException if writing fails; the target is then unchanged
   */
  public static void writeStringWithDigest(Path target, String text) throws IOException {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    writeWithDigest(target, out -> out.write(bytes));
  }

  /**
   * Writes a UTF-8 text file atomically.
   *
   * @param target the file to write
   * @param text its content
   * @throws IOException if writing fails; the target is then unchanged
   */
  public static void writeString(Path target, String text) throws IOException {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    write(target, out -> out.write(bytes));
  }

  /**
   * Renames {@code source} to {@code target} atomically where the file system allows it.
   *
   * @param source the complete file or directory
   * @param target where it goes; an existing file is replaced
   * @throws IOException if the rename fails
   */
  public static void move(Path source, Path target) throws IOException {
    try {
      Files.move(
          source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Returns whether a file or directory is a temporary sibling left by a writer that was killed
   * before renaming it ({@link #write} and checkpoint epoch directories use this prefix).
   *
   * @param path the file or directory
   * @return whether its name marks it as temporary
   */
  public static boolean isTemporary(Path path) {
    return path.getFileName().toString().startsWith(TEMPORARY_PREFIX);
  }

  /**
   * Deletes a file or a directory tree if it exists.
   *
   * @param path the file or directory
   * @throws IOException if a deletion fails
   */
  public static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
