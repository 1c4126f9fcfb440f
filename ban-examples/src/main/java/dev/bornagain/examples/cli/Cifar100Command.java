package dev.bornagain.examples.cli;

import dev.bornagain.datasets.image.CifarLayout;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ban cifar100}: Born-Again Networks on CIFAR-100 (fine labels unless --coarse). */
@Command(
    name = "cifar100",
    mixinStandardHelpOptions = true,
    defaultValueProvider = Cifar100Command.Defaults.class,
    description = "Born-Again Networks on CIFAR-100: teacher, student generations, ensembles.")
final class Cifar100Command extends CifarCommand {

  @Option(names = "--coarse", description = "Use the 20 coarse labels instead of the 100 fine.")
  boolean coarse;

  @Override
  CifarLayout layout() {
    return coarse ? CifarLayout.CIFAR_100_COARSE : CifarLayout.CIFAR_100;
  }

  /** The CIFAR-100 recipe's defaults. */
  static final class Defaults extends PipelineDefaults {
    Defaults() {
      super(
          Map.of(
              "--model", "wrn-28-2",
              "--data-dir", "data/cifar-100",
              "--output", "runs/cifar100"));
    }
  }
}
