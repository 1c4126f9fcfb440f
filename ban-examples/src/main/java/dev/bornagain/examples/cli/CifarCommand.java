package dev.bornagain.examples.cli;

import dev.bornagain.core.optim.SgdSettings;
import dev.bornagain.datasets.image.CifarLayout;
import dev.bornagain.examples.pipeline.PipelineData;
import dev.bornagain.examples.pipeline.PipelineSettings;
import dev.bornagain.examples.pipeline.PreparedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The CIFAR pipelines: the Wide-ResNet recipe (SGD, Nesterov momentum 0.9, learning rate 0.1 times
 * 0.2 at 30%, 60% and 80% of 200 epochs, weight decay 5e-4, batch 128, pad-4 crops and flips) on
 * the standard binary files or on named files such as the 4,000-image subset.
 */
abstract class CifarCommand extends PipelineCommand {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Directory of the standard binary files, downloaded there if missing unless --offline"
              + " (default: ${DEFAULT-VALUE}).")
  Path dataDirectory;

  @Option(
      names = "--train-files",
      split = ",",
      paramLabel = "FILE",
      description =
          "Training files in the binary layout holding any number of images (e.g."
              + " data_batch_1_first4000.bin), instead of --data-dir; needs --test-file.")
  List<Path> trainFiles;

  @Option(
      names = "--test-file",
      paramLabel = "FILE",
      description = "Test file in the binary layout (with --train-files).")
  Path testFile;

  @Option(
      names = "--validation-size",
      paramLabel = "N",
      description =
          "Last training images held out for validation (default: 5000, or a tenth of the images"
              + " of --train-files).")
  Integer validationSize;

  @Mixin OfflineOption download;

  /** Returns the files' layout. */
  abstract CifarLayout layout();

  @Override
  SgdSettings recipe() {
    return SgdSettings.wideResNet();
  }

  @Override
  void checkOwnOptions() {
    if ((trainFiles == null) != (testFile == null)) {
      throw new IllegalArgumentException("--train-files and --test-file go together: give both");
    }
    if (validationSize != null) {
      requireAtLeast("--validation-size", validationSize, 1);
    }
  }

  @Override
  PreparedData prepare(PipelineSettings settings) throws IOException {
    if (trainFiles != null) {
      return PipelineData.cifar(layout(), trainFiles, testFile, validationSize, settings);
    }
    return PipelineData.cifar(layout(), dataDirectory, download.policy(), validationSize, settings);
  }
}
