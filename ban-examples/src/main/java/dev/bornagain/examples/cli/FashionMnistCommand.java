package dev.bornagain.examples.cli;

import dev.bornagain.core.optim.SgdSettings;
import dev.bornagain.examples.pipeline.PipelineData;
import dev.bornagain.examples.pipeline.PipelineSettings;
import dev.bornagain.examples.pipeline.PreparedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ban fashion-mnist}: Born-Again Networks on Fashion-MNIST with the small greyscale CNN, SGD
 * with Nesterov momentum 0.9 and weight decay 5e-4, the Wide-ResNet step schedule, no augmentation.
 */
@Command(
    name = "fashion-mnist",
    mixinStandardHelpOptions = true,
    defaultValueProvider = FashionMnistCommand.Defaults.class,
    description = "Born-Again Networks on Fashion-MNIST: teacher, student generations, ensembles.")
final class FashionMnistCommand extends PipelineCommand {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Directory of the four IDX files (gzipped or not), downloaded there if missing unless"
              + " --offline (default: ${DEFAULT-VALUE}).")
  Path dataDirectory;

  @Option(
      names = "--validation-size",
      paramLabel = "N",
      description = "Last training images held out for validation (default: ${DEFAULT-VALUE}).")
  int validationSize;

  @Mixin OfflineOption download;

  @Override
  SgdSettings recipe() {
    return SgdSettings.wideResNet();
  }

  @Override
  void checkOwnOptions() {
    requireAtLeast("--validation-size", validationSize, 1);
  }

  @Override
  PreparedData prepare(PipelineSettings settings) throws IOException {
    return PipelineData.fashionMnist(dataDirectory, download.policy(), validationSize, settings);
  }

  /** The Fashion-MNIST defaults. */
  static final class Defaults extends PipelineDefaults {
    Defaults() {
      super(
          Map.of(
              "--model", "cnn-small-grey",
              "--data-dir", "data/fashion-mnist",
              "--validation-size", "5000",
              "--epochs", "15",
              "--lr", "0.02",
              "--schedule", "wrn",
              "--output", "runs/fashion-mnist"));
    }
  }
}
