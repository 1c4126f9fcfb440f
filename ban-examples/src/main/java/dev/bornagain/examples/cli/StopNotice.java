package dev.bornagain.examples.cli;

import dev.bornagain.core.listen.BornAgainListenerAdapter;
import dev.bornagain.core.listen.EpochMetrics;
import dev.bornagain.core.listen.GenerationPlan;
import java.io.PrintStream;

/**
 * Says where a run stopped when the JVM is asked to end (SIGTERM, Ctrl-C) and how to continue:
 * "Stopped during BAN-2 epoch 3; run the same command with --resume to continue from epoch 3". It
 * listens to the run for the generation and the last checkpointed epoch, and prints from a shutdown
 * hook that is installed while the run lives and removed when it ends, so a finished or failed run
 * prints nothing.
 */
final class StopNotice extends BornAgainListenerAdapter {

  private final PrintStream err;
  private final Thread hook = new Thread(this::print, "ban-stop-notice");
  private volatile String generation;
  private volatile int completedEpochs;

  StopNotice(PrintStream err) {
    this.err = err;
  }

  /** Installs the shutdown hook; call {@link #uninstall} when the run ends. */
  StopNotice install() {
    Runtime.getRuntime().addShutdownHook(hook);
    return this;
  }

  /** Removes the hook: the run ended by itself. */
  void uninstall() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook is running or has run.
    }
  }

  @Override
  public void onGenerationStart(GenerationPlan plan) {
    completedEpochs = plan.firstEpoch();
    generation = plan.name();
  }

  @Override
  public void onEpochEnd(EpochMetrics metrics) {
    // The epoch's checkpoint is written before listeners hear of it.
    completedEpochs = metrics.epoch() + 1;
  }

  /** The notice for where the run is now. */
  String message() {
    String name = generation;
    if (name == null) {
      return "Stopped before any generation started training; run the same command with"
          + " --resume to continue (nothing was trained yet)";
    }
    int next = completedEpochs + 1;
    return "Stopped during "
        + name
        + " epoch "
        + next
        + "; run the same command with --resume to continue from epoch "
        + next
        + (completedEpochs == 0 ? " (the start of " + name + ")" : "");
  }

  private void print() {
    // Start on a fresh line: a progress bar or a log line may have been cut off.
    err.println();
    err.println(message());
    err.flush();
  }
}
