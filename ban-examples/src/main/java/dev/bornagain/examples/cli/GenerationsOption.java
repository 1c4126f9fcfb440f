package dev.bornagain.examples.cli;

import dev.bornagain.examples.pipeline.PipelineSettings;
import java.util.Locale;

/** Reads {@code --generations N|auto} and {@code --max-generations N}. */
final class GenerationsOption {

  /** The most student generations of {@code --generations auto} unless said otherwise. */
  static final int DEFAULT_MAX = 5;

  private GenerationsOption() {}

  /**
   * Sets the generations of a pipeline run.
   *
   * @param generations a number, or "auto"
   * @param maxGenerations the maximum for "auto", or null for {@link #DEFAULT_MAX}
   * @param settings where to set them
   * @throws IllegalArgumentException if {@code generations} is neither, or a maximum is given with
   *     a number
   */
  static void apply(String generations, Integer maxGenerations, PipelineSettings.Builder settings) {
    String value = generations.trim().toLowerCase(Locale.ROOT);
    if (value.equals("auto")) {
      settings.generationsWhileImproving(maxGenerations == null ? DEFAULT_MAX : maxGenerations);
      return;
    }
    if (maxGenerations != null) {
      throw new IllegalArgumentException(
          "--max-generations goes with --generations auto, but --generations is " + generations);
    }
    try {
      settings.generations(Integer.parseInt(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--generations takes a number or auto, but was '" + generations + "'", e);
    }
  }
}
