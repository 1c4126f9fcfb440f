package dev.bornagain.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.bornagain.core.listen.EpochMetrics;
import dev.bornagain.core.train.ParameterSnapshot;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One trained generation: the teacher (index 0), a student BAN-k, the student distilled from the
 * ensemble, or one of the independent baselines' networks ({@link IndependentBaselines}).
 *
 * @param index 0 for the teacher, k for BAN-k, generations + 1 for the distilled student, then the
 *     baselines' indices ({@link IndependentBaselines})
 * @param name "teacher", "BAN-k", "BAN-ensemble-distilled", "Ind-m" or "KD(Ind*m)"
 * @param seed the generation's seed, derived from the base seed (its initialisation and every
 *     epoch's shuffling, augmentation and dropout derive from it)
 * @param pretrained whether the generation was loaded from a file instead of trained
 * @param epochs the metrics of each epoch, empty for a pre-trained teacher
 * @param parameters the last epoch's parameters, on disk or on the Java heap
 * @param bestValidationParameters the parameters of {@link #bestValidationEpoch()}, or null when
 *     they were not kept ({@code BornAgainBuilder.keepBestValidationEpoch()}) or there was no
 *     validation set
 * @param bestBy what {@link #bestValidationEpoch()} compares: the validation error, or the loss for
 *     language models
 */
public record Generation(
    int index,
    String name,
    long seed,
    boolean pretrained,
    ImmutableList<EpochMetrics> epochs,
    ParameterSnapshot parameters,
    ParameterSnapshot bestValidationParameters,
    ValidationCriterion bestBy) {

  /** Name of the student distilled from the ensemble of generations. */
  public static final String DISTILLED_NAME = "BAN-ensemble-distilled";

  /** Validates the record. */
  public Generation {
    checkNotNull(name, "name");
    checkNotNull(epochs, "epochs");
    checkNotNull(parameters, "parameters");
    checkNotNull(bestBy, "bestBy");
  }

  /**
   * Returns the conventional name of a generation: "teacher" for 0, "BAN-k" otherwise.
   *
   * @param index the generation index
   * @return the name
   */
  public static String nameOf(int index) {
    return index == 0 ? "teacher" : "BAN-" + index;
  }

  /** Returns the last epoch's metrics, empty for a pre-trained teacher. */
  public Optional<EpochMetrics> lastEpoch() {
    return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.get(epochs.size() - 1));
  }

  /**
   * Returns the epoch with the lowest validation value of {@link #bestBy()} (the first one on
   * ties), for model selection on held-out data; empty without epochs or without a validation set.
   * Its parameters are {@link #parametersOf parametersOf(KeptEpoch.BEST_VALIDATION)} when they were
   * kept.
   */
  public Optional<EpochMetrics> bestValidationEpoch() {
    return epochs.stream()
        .filter(e -> !Double.isNaN(bestBy.of(e)))
        .min(java.util.Comparator.comparingDouble(bestBy::of));
  }

  /**
   * Returns the parameters of the last or of the best validation epoch.
   *
   * @param kept which epoch
   * @return the parameters
   * @throws IllegalArgumentException if the best validation epoch's were not kept
   */
  public ParameterSnapshot parametersOf(KeptEpoch kept) {
    if (kept == KeptEpoch.LAST) {
      return parameters;
    }
    checkArgument(
        bestValidationParameters != null,
        "%s has no best-validation parameters: train with keepBestValidationEpoch() and a"
            + " validation set",
        name);
    return bestValidationParameters;
  }

  /**
   * Says which epoch {@link #parametersOf} gives, for reports: e.g. "last epoch (10 of 10)" or
   * "best validation epoch (7 of 10, 9.42% validation error)".
   *
   * @param kept which epoch
   * @return the description
   */
  public String describeEpoch(KeptEpoch kept) {
    if (pretrained) {
      return "pre-trained";
    }
    parametersOf(kept);
    return bestValidationEpoch()
        .map(best -> kept.describe(epochs.size(), best.epoch(), bestBy.describe(bestBy.of(best))))
        .orElseGet(() -> KeptEpoch.LAST.describe(epochs.size(), -1, Double.NaN));
  }

  /** Returns the parameters file, if the parameters are on disk. */
  public Optional<Path> parametersFile() {
    return Optional.ofNullable(parameters.file());
  }
}
