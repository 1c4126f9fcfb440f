package dev.bornagain.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multiplies the rate by a factor at fixed fractions of the epochs; its trackers hold no state. A
 * run so short that a milestone falls on epoch 0 or 1 is warned about once per schedule: the rate
 * then drops before the network has learned anything (epochs 2 of the Wide-ResNet recipe: 0.1, then
 * 0.004).
 */
final class MultiStepSchedule implements LearningRateSchedule {

  private static final Logger logger = LoggerFactory.getLogger(MultiStepSchedule.class);

  private final float factor;
  private final double[] fractions;
  private final AtomicBoolean warned = new AtomicBoolean();

  MultiStepSchedule(float factor, double[] fractions) {
    checkArgument(
        factor > 0 && factor <= 1, "multi-step factor must be in (0, 1] but was %s", factor);
    for (int i = 0; i < fractions.length; i++) {
      checkArgument(
          fractions[i] > 0 && fractions[i] < 1,
          "milestone fractions must lie in (0, 1) but one was %s",
          fractions[i]);
      checkArgument(
          i == 0 || fractions[i] > fractions[i - 1],
          "milestone fractions must increase but were %s",
          Arrays.toString(fractions));
    }
    this.factor = factor;
    this.fractions = fractions;
  }

  private int[] milestones(int epochs) {
    int[] milestones = new int[fractions.length];
    for (int i = 0; i < fractions.length; i++) {
      milestones[i] = (int) Math.round(fractions[i] * epochs);
    }
    return milestones;
  }

  @Override
  public Tracker start(float baseLearningRate, int epochs) {
    int[] milestones = milestones(epochs);
    if (milestones.length > 0 && milestones[0] <= 1 && !warned.getAndSet(true)) {
      logger.warn(
          "The learning-rate schedule is too coarse for {} epochs: {}. Use more epochs or"
              + " another schedule (e.g. cosine).",
          epochs,
          effective(baseLearningRate, epochs));
    }
    return new Tracker() {
      @Override
      public float learningRate(int epoch, int batch, int batchesPerEpoch) {
        float rate = baseLearningRate;
        for (int milestone : milestones) {
          if (epoch >= milestone) {
            rate *= factor;
          }
        }
        return rate;
      }

      @Override
      public void observe(int epoch, double validationLoss) {}

      @Override
      public String save() {
        return "";
      }

      @Override
      public void restore(String state) {}
    };
  }

  @Override
  public String describe() {
    return fractions.length == 0
        ? "constant"
        : "multiStep(factor=" + factor + ", at=" + Arrays.toString(fractions) + ")";
  }

  @Override
  public String effective(float baseLearningRate, int epochs) {
    if (fractions.length == 0) {
      return "lr " + baseLearningRate + ", constant over " + epochs + " epochs";
    }
    int[] milestones = milestones(epochs);
    StringBuilder rates = new StringBuilder();
    float rate = baseLearningRate;
    for (int i = 0; i < milestones.length; i++) {
      rate *= factor;
      rates.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3g", rate));
    }
    return String.format(
        Locale.ROOT,
        "lr %s, x%s at epochs %s of %d (%s)",
        baseLearningRate,
        factor,
        Arrays.stream(milestones).mapToObj(String::valueOf).collect(Collectors.joining(", ")),
        epochs,
        rates);
  }

  @Override
  public String toString() {
    return describe();
  }
}
