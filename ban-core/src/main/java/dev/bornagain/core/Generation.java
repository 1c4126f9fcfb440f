package dev.bornagain.core;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.bornagain.core.listen.EpochMetrics;
import dev.bornagain.core.train.ParameterSnapshot;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One trained generation: the teacher (index 0), a student BAN-k, or the student distilled from the
 * ensemble.
 *
 * @param index 0 for the teacher, k for BAN-k, generations + 1 for the distilled student
 * @param name "teacher", "BAN-k" or "BAN-ensemble-distilled"
 * @param seed the generation's seed, derived from the base seed (its initialisation and every
 *     epoch's shuffling, augmentation and dropout derive from it)
 * @param pretrained whether the generation was loaded from a file instead of trained
 * @param epochs the metrics of each epoch, empty for a pre-trained teacher
 * @param parameters the trained parameters, on disk or on the Java heap
 */
public record Generation(
    int index,
    String name,
    long seed,
    boolean pretrained,
    ImmutableList<EpochMetrics> epochs,
    ParameterSnapshot parameters) {

  /** Name of the student distilled from the ensemble of generations. */
  public static final String DISTILLED_NAME = "BAN-ensemble-distilled";

  /** Validates the record. */
  public Generation {
    checkNotNull(name, "name");
    checkNotNull(epochs, "epochs");
    checkNotNull(parameters, "parameters");
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
   * Returns the epoch with the lowest validation error (the first one on ties), for model selection
   * on held-out data; empty without epochs or without a validation set. The parameters kept are
   * always the last epoch's.
   */
  public Optional<EpochMetrics> bestValidationEpoch() {
    return epochs.stream()
        .filter(e -> !Double.isNaN(e.validationErrorPercent()))
        .min(java.util.Comparator.comparingDouble(EpochMetrics::validationErrorPercent));
  }

  /** Returns the parameters file, if the parameters are on disk. */
  public Optional<Path> parametersFile() {
    return Optional.ofNullable(parameters.file());
  }
}
