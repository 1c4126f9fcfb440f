package dev.bornagain.datasets;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file that exists but does not hold what its format promises: wrong size, bad magic number,
 * inconsistent record counts or out-of-range labels. The message names the file, what was expected
 * and what was found.
 */
public final class BadDataFileException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String file;

  /**
   * Creates the exception.
   *
   * @param file the file (or classpath resource) at fault
   * @param problem what was expected and what was found
   */
  public BadDataFileException(String file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /**
   * Creates the exception for a file on disk.
   *
   * @param file the file at fault
   * @param problem what was expected and what was found
   */
  public BadDataFileException(Path file, String problem) {
    this(file.toString(), problem);
  }

  /** Returns the file (or resource) at fault, as given to the constructor. */
  public String file() {
    return file;
  }
}
