package dev.bornagain.examples.cli;

import dev.bornagain.datasets.image.CifarLayout;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code ban cifar10}: Born-Again Networks on CIFAR-10. */
@Command(
    name = "cifar10",
    mixinStandardHelpOptions = true,
    defaultValueProvider = Cifar10Command.Defaults.class,
    description = {
      "Born-Again Networks on CIFAR-10: teacher, student generations, ensembles, reports.",
      "Example, CPU-sized: ban cifar10 --train-files ../shared/data/cifar-10/"
          + "data_batch_1_first4000.bin --test-file ../shared/data/cifar-10/"
          + "test_batch_first1000.bin --model resnet-20 --epochs 10 --seeds 1,2,3"
    })
final class Cifar10Command extends CifarCommand {

  @Override
  CifarLayout layout() {
    return CifarLayout.CIFAR_10;
  }

  /** The CIFAR-10 recipe's defaults. */
  static final class Defaults extends PipelineDefaults {
    Defaults() {
      super(
          Map.of(
              "--model", "wrn-28-2",
              "--data-dir", "data/cifar-10",
              "--output", "runs/cifar10"));
    }
  }
}
