package dev.bornagain.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Turns failures into the command line's contract: one line on standard error saying why, and a
 * non-zero exit code (2 for bad input, 1 when the work itself failed), never a stack trace.
 */
final class CommandFailures {

  /** Exit code of a command whose input was refused (picocli's usage-error code). */
  static final int BAD_INPUT = CommandLine.ExitCode.USAGE;

  /** Exit code of a command whose work failed (missing files, refused checkpoints, ...). */
  static final int FAILED = CommandLine.ExitCode.SOFTWARE;

  private CommandFailures() {}

  /** A step of a command that may throw anything. */
  @FunctionalInterface
  interface Step<T> {
    T run() throws Exception;
  }

  /**
   * Runs a step that checks the command's input; an {@link IllegalArgumentException} becomes {@link
   * BadInputException}.
   *
   * @param step the check
   * @param <T> what it returns
   * @return what the step returned
   * @throws BadInputException if the step rejected the input
   */
  static <T> T checkInput(Step<T> step) {
    try {
      return step.run();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new BadInputException(e.getMessage());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new BadInputException(e.getMessage());
    }
  }

  /**
   * Runs a command's body, reporting any failure in one line on the command's error stream.
   *
   * @param spec the command
   * @param body the work, returning the exit code
   * @return the exit code: the body's, or {@link #BAD_INPUT} or {@link #FAILED}
   */
  static int run(CommandSpec spec, Step<Integer> body) {
    try {
      return body.run();
    } catch (BadInputException e) {
      report(spec, e.getMessage());
      return BAD_INPUT;
    } catch (UncheckedIOException e) {
      report(spec, messageOf(e.getCause()));
      return FAILED;
    } catch (Exception e) {
      report(spec, messageOf(e));
      return FAILED;
    }
  }

  /**
   * Reports a command-line parse error (an unknown option, a value of the wrong type) in one line
   * instead of picocli's message followed by the whole usage help. Install it on the root command
   * line with {@code setParameterExceptionHandler(CommandFailures::oneLineUsageError)}.
   *
   * @param error the parse error
   * @param args the arguments
   * @return picocli's exit code for invalid input
   */
  static int oneLineUsageError(CommandLine.ParameterException error, String[] args) {
    CommandLine command = error.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    PrintWriter err = command.getErr();
    err.println(name + ": " + oneLine(error.getMessage()) + " (see '" + name + " --help')");
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static String oneLine(String message) {
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  private static String messageOf(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    if (e instanceof FileSystemException fileSystem && !message.contains(" ")) {
      // The JDK's AccessDeniedException and kin say only the path.
      return fileSystem.getClass().getSimpleName()
          + (fileSystem.getReason() != null ? " (" + fileSystem.getReason() + ")" : "")
          + ": "
          + message;
    }
    if (e instanceof IOException && e.getCause() != null && e.getCause().getMessage() != null) {
      return message + ": " + e.getCause().getMessage();
    }
    return message;
  }

  private static void report(CommandSpec spec, String message) {
    PrintWriter err = spec.commandLine().getErr();
    if (!LineTracker.atLineStart()) {
      // A progress bar or a cut-off line is on standard error: start the message on a fresh one.
      err.println();
    }
    // One line: multi-line messages (e.g. a list of differing settings) are joined.
    err.println(spec.qualifiedName() + ": " + oneLine(message));
    err.flush();
  }

  /** The input of a command was refused; the message says why. */
  static final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
      super(message);
    }
  }
}
