package dev.bornagain.core.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file the library wrote no longer holds what it wrote: its SHA-256 differs from the digest
 * recorded beside it, or that digest is missing or unreadable. The file is named; so is what was
 * expected and what was found.
 */
public final class DamagedFileException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /**
   * Creates the exception.
   *
   * @param file the damaged file
   * @param message what was expected and what was found, naming the file
   */
  public DamagedFileException(Path file, String message) {
    super(message);
    this.file = file;
  }

  /** Returns the damaged file. */
  public Path file() {
    return file;
  }
}
