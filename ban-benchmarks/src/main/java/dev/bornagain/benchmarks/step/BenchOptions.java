package dev.bornagain.benchmarks.step;

import dev.bornagain.models.catalogue.InputKind;
import dev.bornagain.models.catalogue.ModelCatalogue;
import dev.bornagain.models.catalogue.ModelPreset;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every benchmark shares: which image model, how many classes, the batch, the seed. */
final class BenchOptions {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(
      names = "--model",
      defaultValue = "resnet-20",
      description = "An image preset of `ban models` (default: ${DEFAULT-VALUE}).")
  private String model;

  @Option(
      names = "--batch-size",
      defaultValue = "128",
      description = "Samples per training step (default: ${DEFAULT-VALUE}).")
  private int batchSize;

  @Option(
      names = "--classes",
      defaultValue = "10",
      description = "Output classes (default: ${DEFAULT-VALUE}).")
  private int classes;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description =
          "Seed of the synthetic data and the initial weights (default: ${DEFAULT-VALUE}).")
  private long seed;

  /** Returns the chosen preset, refusing unknown names and language models. */
  ModelPreset preset() {
    ModelPreset preset;
    try {
      preset = ModelCatalogue.get(model);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (preset.inputKind() == InputKind.TOKENS) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--model " + model + " is a language model; the benchmarks train image models");
    }
    return preset;
  }

  int batchSize() {
    return requireAtLeast(batchSize, 1, "--batch-size");
  }

  int classes() {
    return requireAtLeast(classes, 2, "--classes");
  }

  long seed() {
    return seed;
  }

  /** A harness of the chosen preset, classes, batch size and seed. */
  StepHarness harness() {
    return new StepHarness(preset(), classes(), batchSize(), seed());
  }

  /** Returns the value, or fails with a usage error naming the option. */
  int requireAtLeast(int value, int minimum, String option) {
    if (value < minimum) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " must be >= " + minimum + " but was " + value);
    }
    return value;
  }

  /** One line describing the setup, for the header of every benchmark's output. */
  String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "model %s, batch %d, %d classes, seed %d, %d processors, engine %s",
        model,
        batchSize,
        classes,
        seed,
        Runtime.getRuntime().availableProcessors(),
        ai.djl.engine.Engine.getInstance().getEngineName()
            + " "
            + ai.djl.engine.Engine.getInstance().getVersion());
  }
}
