package dev.bornagain.datasets;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens data files so that every failure names the path and the operation: a directory where a file
 * should be is called a directory, a missing file missing, an unreadable one unreadable (the JDK's
 * {@code AccessDeniedException} says only the path).
 */
public final class DataFileAccess {

  private DataFileAccess() {}

  /**
   * Checks that a data file exists and is a regular file.
   *
   * @param file the file
   * @param what what the file holds, for the message, e.g. "CIFAR-10 training file"
   * @throws BadDataFileException if it is a directory or not a regular file
   * @throws NoSuchFileException if nothing is there (the message names the file and what it is)
   */
  public static void requireFile(Path file, String what) throws IOException {
    checkNotNull(file, "file");
    if (Files.isDirectory(file)) {
      throw new BadDataFileException(
          file, "expected a file (the " + what + ") but found a directory at this path");
    }
    if (!Files.exists(file)) {
      throw new NoSuchFileException(
          file.toString(), null, "cannot read the " + what + ": the file does not exist");
    }
    if (!Files.isRegularFile(file)) {
      throw new BadDataFileException(
          file,
          "expected a file (the " + what + ") but found something that is not a regular file");
    }
  }

  /**
   * Opens a data file for reading.
   *
   * @param file the file
   * @param what what the file holds, for messages
   * @return the stream, unbuffered
   * @throws IOException as {@link #requireFile}, or if it cannot be opened (the message names the
   *     file, the operation and the reason)
   */
  public static InputStream open(Path file, String what) throws IOException {
    requireFile(file, what);
    try {
      return Files.newInputStream(file);
    } catch (FileSystemException e) {
      throw failure("open", file, what, e);
    }
  }

  /**
   * Returns a file's size in bytes.
   *
   * @param file the file
   * @param what what the file holds, for messages
   * @return the size
   * @throws IOException as {@link #requireFile}, or if its attributes cannot be read
   */
  public static long size(Path file, String what) throws IOException {
    requireFile(file, what);
    try {
      return Files.size(file);
    } catch (FileSystemException e) {
      throw failure("read the size of", file, what, e);
    }
  }

  /**
   * Describes a failed operation on a file in one sentence naming both.
   *
   * @param operation what was attempted, e.g. "open"
   * @param file the file
   * @param what what the file holds
   * @param cause the JDK's exception
   * @return an exception to throw, with the cause kept
   */
  public static IOException failure(
      String operation, Path file, String what, FileSystemException cause) {
    String reason;
    if (cause instanceof AccessDeniedException) {
      reason = "permission denied";
    } else if (cause instanceof NoSuchFileException) {
      reason = "the file does not exist";
    } else if (cause.getReason() != null) {
      reason = cause.getReason();
    } else {
      reason = cause.getClass().getSimpleName();
    }
    return new IOException(
        "cannot " + operation + " the " + what + " " + file + ": " + reason, cause);
  }
}
