package dev.bornagain.examples.cli;

import dev.bornagain.core.KeptEpoch;
import java.util.Locale;

/** The command line's names of {@link KeptEpoch}: {@code last} and {@code best-validation}. */
final class KeptEpochNames {

  private KeptEpochNames() {}

  /**
   * Parses a name.
   *
   * @param name {@code last} or {@code best-validation}, any case
   * @return the choice
   * @throws IllegalArgumentException naming the value and the choices
   */
  static KeptEpoch parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "last" -> KeptEpoch.LAST;
      case "best-validation" -> KeptEpoch.BEST_VALIDATION;
      default ->
          throw new IllegalArgumentException(
              "unknown epoch '" + name + "'; choose last or best-validation");
    };
  }
}
