package dev.bornagain.examples.cli;

import dev.bornagain.models.catalogue.ForwardTiming;
import dev.bornagain.models.catalogue.InputKind;
import dev.bornagain.models.catalogue.ModelCatalogue;
import dev.bornagain.models.catalogue.ModelPreset;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ban models}: lists the model catalogue, one line per preset, {@code <preset> <parameter
 * count>}; with {@code --forward-time}, times an inference-mode forward pass of each CIFAR preset
 * on a batch of random 3x32x32 images and appends the mean and the minimum milliseconds per batch.
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the model presets with their trainable parameter counts.",
      "With --forward-time, times each CIFAR preset's forward pass instead."
    })
public final class ModelsCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--classes",
      defaultValue = "10",
      description = "Number of classes of the image models (default: ${DEFAULT-VALUE}).")
  private int classes;

  @Option(
      names = "--vocabulary",
      defaultValue = "10000",
      description = "Vocabulary size of the language models (default: ${DEFAULT-VALUE}).")
  private int vocabulary;

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description = "Only these presets (repeatable; default: all).")
  private List<String> presetNames = new ArrayList<>();

  @Option(
      names = "--forward-time",
      description =
          "Time one forward pass (inference mode) of each CIFAR preset on random 3x32x32 images"
              + " and print '<preset> <parameters> <mean ms> <min ms>' per batch.")
  private boolean forwardTime;

  @Option(
      names = "--batch",
      defaultValue = "128",
      description = "Batch size for --forward-time (default: ${DEFAULT-VALUE}).")
  private int batch;

  @Option(
      names = "--warmup",
      defaultValue = "1",
      description = "Untimed passes before timing (default: ${DEFAULT-VALUE}).")
  private int warmup;

  @Option(
      names = "--repeats",
      defaultValue = "5",
      description = "Timed passes averaged (default: ${DEFAULT-VALUE}).")
  private int repeats;

  @Override
  public Integer call() {
    requirePositive(classes, "--classes");
    requirePositive(vocabulary, "--vocabulary");
    requirePositive(batch, "--batch");
    requirePositive(repeats, "--repeats");
    if (warmup < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--warmup must be >= 0 but was " + warmup);
    }
    List<ModelPreset> presets = selectedPresets();
    PrintWriter out = spec.commandLine().getOut();
    if (forwardTime) {
      out.printf(
          Locale.ROOT,
          "# forward pass, inference mode, batch of %d random 3x32x32 images, %d classes;"
              + " %d timed after %d warm-up; %d processors available%n"
              + "# preset parameters mean-ms-per-batch min-ms-per-batch%n",
          batch,
          classes,
          repeats,
          warmup,
          Runtime.getRuntime().availableProcessors());
      out.flush();
    }
    for (ModelPreset preset : presets) {
      int outputs = preset.inputKind() == InputKind.TOKENS ? vocabulary : classes;
      if (forwardTime) {
        if (preset.inputKind() != InputKind.RGB_32) {
          continue;
        }
        ForwardTiming.Result timing =
            ForwardTiming.measure(preset, outputs, batch, warmup, repeats);
        out.printf(
            Locale.ROOT,
            "%s %d %.1f %.1f%n",
            preset.name(),
            preset.parameterCount(outputs),
            timing.millisPerBatch(),
            timing.minMillisPerBatch());
      } else {
        out.printf(Locale.ROOT, "%s %d%n", preset.name(), preset.parameterCount(outputs));
      }
      out.flush();
    }
    return 0;
  }

  private List<ModelPreset> selectedPresets() {
    if (presetNames.isEmpty()) {
      return ModelCatalogue.presets();
    }
    List<ModelPreset> selected = new ArrayList<>();
    for (String name : presetNames) {
      try {
        selected.add(ModelCatalogue.get(name));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
      }
    }
    return selected;
  }

  private void requirePositive(int value, String option) {
    if (value < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " must be >= 1 but was " + value);
    }
  }
}
