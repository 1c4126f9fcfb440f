package dev.bornagain.examples.pipeline;

import java.util.Locale;

/**
 * What a pipeline trains besides the born-again generations, to compare them with at equal compute
 * ({@code --baseline}).
 */
public enum BaselineChoice {
  /** The born-again generations only. */
  NONE,
  /**
   * Also networks trained on the labels alone and their distillation ({@code
   * BornAgainBuilder.independentBaselines()}): {@code Ind*m} beside {@code Ens*(m-1)+T}, {@code
   * KD(Ind*k)} beside {@code BAN-k}.
   */
  INDEPENDENT;

  /**
   * Parses a command-line name.
   *
   * @param name {@code none} or {@code independent}, any case
   * @return the choice
   * @throws IllegalArgumentException naming the value and the choices
   */
  public static BaselineChoice parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "none" -> NONE;
      case "independent" -> INDEPENDENT;
      default ->
          throw new IllegalArgumentException(
              "unknown baseline '" + name + "'; choose none or independent");
    };
  }

  /** Returns the command-line name. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
