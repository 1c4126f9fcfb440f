package dev.bornagain.examples.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * Standard error that remembers whether its last byte ended a line, so an error message can start
 * on a fresh line after a progress bar or any other partial line. {@link #install} replaces {@code
 * System.err}; the logger (slf4j-simple prints to the current {@code System.err}) and the progress
 * bars (created after it) write through it.
 */
final class LineTracker extends OutputStream {

  private static volatile LineTracker installed;

  private final OutputStream target;
  private volatile boolean atLineStart = true;

  private LineTracker(OutputStream target) {
    this.target = target;
  }

  /** Replaces {@code System.err} with a tracked stream of the same charset. */
  static void install() {
    LineTracker tracker = new LineTracker(System.err);
    Charset charset = Charset.defaultCharset();
    System.setErr(new PrintStream(tracker, true, charset));
    installed = tracker;
  }

  /** Returns whether standard error is at the start of a line (true when nothing is tracked). */
  static boolean atLineStart() {
    LineTracker tracker = installed;
    return tracker == null || tracker.atLineStart;
  }

  @Override
  public void write(int b) throws java.io.IOException {
    target.write(b);
    atLineStart = b == '\n';
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
    target.write(bytes, offset, length);
    if (length > 0) {
      atLineStart = bytes[offset + length - 1] == '\n';
    }
  }

  @Override
  public void flush() throws java.io.IOException {
    target.flush();
  }
}
