package dev.bornagain.core.listen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Decides whether a run draws progress bars: only when standard error is an interactive terminal
 * and the optional {@code me.tongfei:progressbar} library is on the class path. This class names no
 * type of that library, so it loads without it; {@link ConsoleProgressListener} is touched only
 * once the library is known to be there.
 */
public final class ProgressBars {

  private static final Path STANDARD_ERROR = Path.of("/proc/self/fd/2");

  private ProgressBars() {}

  /**
   * Returns a listener drawing bars on standard error, where they belong.
   *
   * @return the listener, or empty when standard error is a file or a pipe, or the library is
   *     missing
   */
  public static Optional<BornAgainListener> onStandardErrorIfTerminal() {
    if (!standardErrorIsTerminal() || !libraryPresent()) {
      return Optional.empty();
    }
    return Optional.of(new ConsoleProgressListener(System.err));
  }

  /**
   * Java has no call for standard error alone: on Linux the descriptor's target tells ({@code
   * /dev/pts/N} or a {@code /dev/tty}); elsewhere a console attached to the JVM is the answer.
   */
  static boolean standardErrorIsTerminal() {
    if (Files.isSymbolicLink(STANDARD_ERROR)) {
      try {
        String target = Files.readSymbolicLink(STANDARD_ERROR).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | SecurityException e) {
        return false;
      }
    }
    return System.console() != null;
  }

  private static boolean libraryPresent() {
    try {
      Class.forName(
          "me.tongfei.progressbar.ProgressBar", false, ProgressBars.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
