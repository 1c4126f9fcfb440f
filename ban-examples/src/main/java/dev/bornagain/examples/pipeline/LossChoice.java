package dev.bornagain.examples.pipeline;

import dev.bornagain.core.train.Seeds;
import dev.bornagain.losses.DistillationLoss;
import dev.bornagain.losses.DistillationLosses;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The student losses a pipeline can train with, by their command-line names. */
public enum LossChoice {
  /** The paper's BAN: cross-entropy against the teacher's softmax, no labels. */
  BAN("ban"),
  /** BAN+L: labels and teacher mixed with the label weight. */
  BAN_L("ban+l"),
  /** Confidence-weighted by teacher max. */
  CWTM("cwtm"),
  /** Dark knowledge with permuted predictions. */
  DKPP("dkpp"),
  /** Hinton's knowledge distillation at a temperature, mixed with the labels. */
  HINTON("hinton");

  private final String cliName;

  LossChoice(String cliName) {
    this.cliName = cliName;
  }

  /** Returns the name used on the command line and in reports, e.g. {@code ban+l}. */
  public String cliName() {
    return cliName;
  }

  /**
   * Looks a loss up by its command-line name, ignoring case.
   *
   * @param name e.g. {@code ban}, {@code ban+l}, {@code cwtm}, {@code dkpp}, {@code hinton}
   * @return the choice
   * @throws IllegalArgumentException if no loss has that name (the message lists the names)
   */
  public static LossChoice parse(String name) {
    for (LossChoice choice : values()) {
      if (choice.cliName.equalsIgnoreCase(name.trim())) {
        return choice;
      }
    }
    throw new IllegalArgumentException("unknown loss '" + name + "'; choose one of " + names());
  }

  /** Returns the command-line names, comma separated. */
  public static String names() {
    return Arrays.stream(values()).map(LossChoice::cliName).collect(Collectors.joining(", "));
  }

  /**
   * Creates the loss for one run.
   *
   * @param labelWeight the label weight of BAN+L and Hinton KD, in [0, 1]
   * @param temperature Hinton KD's temperature, &gt; 0
   * @param runSeed the run's base seed; DKPP's permutations derive from it
   * @return a new loss
   * @throws IllegalArgumentException if the weight or temperature is out of range for this loss
   */
  public DistillationLoss create(float labelWeight, float temperature, long runSeed) {
    return switch (this) {
      case BAN -> DistillationLosses.ban();
      case BAN_L -> DistillationLosses.labelMixed(labelWeight);
      case CWTM -> DistillationLosses.cwtm();
      case DKPP -> DistillationLosses.dkpp(Seeds.derive(runSeed, "dkpp", 0));
      case HINTON -> DistillationLosses.hinton(temperature, labelWeight);
    };
  }

  /**
   * Describes the loss with the settings it uses, for reports: {@code ban}, {@code ban+l(w=0.5)},
   * {@code hinton(T=4, w=0.5)}.
   *
   * @param labelWeight the label weight
   * @param temperature the temperature
   * @return the description
   */
  public String describe(float labelWeight, float temperature) {
    return switch (this) {
      case BAN_L -> String.format(Locale.ROOT, "%s(w=%s)", cliName, labelWeight);
      case HINTON ->
          String.format(Locale.ROOT, "%s(T=%s, w=%s)", cliName, temperature, labelWeight);
      default -> cliName;
    };
  }
}
