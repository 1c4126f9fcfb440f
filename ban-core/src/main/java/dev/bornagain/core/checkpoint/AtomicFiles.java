package dev.bornagain.core.checkpoint;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes files so that a reader (or a process restarted after a crash) sees either the old content
 * or the complete new one, never a half-written file: write to a temporary sibling, flush it to the
 * disk, then rename it over the target.
 */
public final class AtomicFiles {

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
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, ".tmp-" + target.getFileName(), "");
    try {
      try (OutputStream file = Files.newOutputStream(temporary);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 1 << 16))) {
        writer.write(out);
      }
      move(temporary, target);
    } finally {
      Files.deleteIfExists(temporary);
    }
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
