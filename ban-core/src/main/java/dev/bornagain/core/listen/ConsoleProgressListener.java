package dev.bornagain.core.listen;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Shows a progress bar per epoch and one summary line per epoch on a console stream (standard error
 * by default, so that standard output stays for results). The run's builder adds one unless told to
 * be quiet.
 */
public final class ConsoleProgressListener implements BornAgainListener {

  private final PrintStream out;
  private ProgressBar bar;
  private String generationName = "";

  /**
   * Creates a listener that prints to the given stream.
   *
   * @param out the stream, usually {@code System.err}
   */
  public ConsoleProgressListener(PrintStream out) {
    this.out = checkNotNull(out, "out");
  }

  /** Returns a listener printing to standard error. */
  public static ConsoleProgressListener toStandardError() {
    return new ConsoleProgressListener(System.err);
  }

  @Override
  public void onGenerationStart(GenerationPlan plan) {
    generationName = plan.name();
    out.printf(
        Locale.ROOT,
        "%s: seed %d, epochs %d%s%n",
        plan.name(),
        plan.seed(),
        plan.epochs(),
        plan.firstEpoch() > 0 ? ", resuming at epoch " + (plan.firstEpoch() + 1) : "");
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
  }

  @Override
  public void onEpochEnd(EpochMetrics metrics) {
    closeBar();
    out.printf(
        Locale.ROOT,
        "%s epoch %d: loss %.4f, validation loss %.4f, error %.2f%%, lr %.4g, %.1fs%n",
        generationName,
        metrics.epoch() + 1,
        metrics.trainingLoss(),
        metrics.validationLoss(),
        metrics.validationErrorPercent(),
        metrics.learningRate(),
        metrics.seconds());
  }

  @Override
  public void onGenerationEnd(GenerationPlan plan, ImmutableList<EpochMetrics> epochs) {
    closeBar();
    out.printf(Locale.ROOT, "%s done%n", plan.name());
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
