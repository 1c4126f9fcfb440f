package dev.bornagain.core.listen;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Draws a progress bar per epoch on a terminal (standard error by default, so that standard output
 * stays for results). It prints no text of its own: the epoch and generation lines go through SLF4J
 * at INFO, once, whatever the output is. The run's builder adds one only when standard error is a
 * terminal and the optional {@code me.tongfei:progressbar} library is on the class path ({@link
 * ProgressBars} decides); a bar in a log file would be a stream of colour codes and carriage
 * returns.
 */
public final class ConsoleProgressListener implements BornAgainListener {

  private final PrintStream out;
  private ProgressBar bar;
  private String generationName = "";

  /**
   * Creates a listener that draws on the given stream.
   *
   * @param out the stream, usually {@code System.err}
   */
  public ConsoleProgressListener(PrintStream out) {
    this.out = checkNotNull(out, "out");
  }

  @Override
  public void onGenerationStart(GenerationPlan plan) {
    generationName = plan.name();
  }

  @Override
  public void onBatch(BatchProgress progress) {
    if (bar == null) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(generationName + " epoch " + (progress.epoch() + 1))
              .setInitialMax(Math.max(progress.batches(), 0))
              .setConsumer(new ConsoleProgressBarConsumer(out))
              .setUpdateIntervalMillis(250)
              .clearDisplayOnFinish()
              .build();
    }
    bar.stepTo(progress.batch());
    bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", progress.loss()));
    if (progress.batch() == progress.batches()) {
      // Gone before validation and the epoch's log line, which would otherwise land mid-bar.
      closeBar();
    }
  }

  @Override
  public void onEpochEnd(EpochMetrics metrics) {
    closeBar();
  }

  @Override
  public void onGenerationEnd(GenerationPlan plan, ImmutableList<EpochMetrics> epochs) {
    closeBar();
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
