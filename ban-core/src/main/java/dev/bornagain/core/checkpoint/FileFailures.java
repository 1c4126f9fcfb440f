package dev.bornagain.core.checkpoint;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Says in words why a file operation failed: the JDK's exceptions often give only the path. */
public final class FileFailures {

  private FileFailures() {}

  /**
   * Returns the reason of a failed file operation, e.g. "permission denied" for an {@link
   * AccessDeniedException} whose message is only the path.
   *
   * @param e the failure
   * @return the reason, without the path
   */
  public static String reason(FileSystemException e) {
    String detail = e.getReason() != null ? " (" + e.getReason() + ")" : "";
    if (e instanceof AccessDeniedException) {
      return "permission denied" + detail;
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory" + detail;
    }
    if (e instanceof NotDirectoryException) {
      return "a path component is not a directory" + detail;
    }
    if (e instanceof FileAlreadyExistsException) {
      return "a file is in the way" + detail;
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "the directory is not empty" + detail;
    }
    return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
  }

  /**
   * Returns a failure whose message names the file and the operation: {@code e} itself when its
   * message names the file already, else a new exception with {@code e} as its cause (the JDK's "Is
   * a directory" names neither).
   *
   * @param operation what was attempted, e.g. "read"
   * @param file the file
   * @param e the failure
   * @return the exception to throw
   */
  public static IOException named(String operation, Path file, IOException e) {
    String message = e.getMessage();
    if (message != null && message.contains(file.toString()) && message.contains(" ")) {
      return e;
    }
    String reason =
        e instanceof FileSystemException fileSystem
            ? reason(fileSystem)
            : (message != null ? message : e.getClass().getSimpleName());
    return new IOException("cannot " + operation + " " + file + ": " + reason, e);
  }
}
