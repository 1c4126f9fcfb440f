package dev.bornagain.examples.cli;

import dev.bornagain.core.optim.SgdSettings;
import dev.bornagain.examples.pipeline.PipelineData;
import dev.bornagain.examples.pipeline.PipelineSettings;
import dev.bornagain.examples.pipeline.PreparedData;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code ban demo}: the whole procedure in a few minutes on a CPU, offline, on the Fashion-MNIST
 * subset embedded in the jar (5,000 training, 1,000 validation and 1,000 test images): a small CNN
 * teacher, three born-again generations, their ensembles, the reports and the table.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    defaultValueProvider = DemoCommand.Defaults.class,
    description = {
      "Teacher, 3 born-again generations and their ensembles on the Fashion-MNIST subset embedded"
          + " in this jar; offline, a few minutes on 2 cores. Prints the results table."
    })
final class DemoCommand extends PipelineCommand {

  @Override
  SgdSettings recipe() {
    return SgdSettings.wideResNet();
  }

  @Override
  PreparedData prepare(PipelineSettings settings) throws IOException {
    return PipelineData.fashionMnistDemo(settings);
  }

  @Override
  List<String> contextNotes(PipelineSettings settings, PreparedData data) {
    return List.of(
        String.format(
            Locale.ROOT,
            "Demo scale: small CNNs trained %d epochs on a few thousand images, one seed by"
                + " default. The paper's gains of single born-again students (a few tenths of a"
                + " point, as large as seed noise) are not expected to show reliably at this size;"
                + " ensembles of generations carry the gain when there is one, and students"
                + " learning from a teacher this far from convergence, without labels, can come"
                + " out worse. The notes below say what these numbers show.",
            settings.epochs()));
  }

  /**
   * The demo's defaults: 10 epochs per generation took 2 min 43 s in all on 2 otherwise idle cores
   * (teacher about 13% test error); runs/ is ignored by git. The schedule is the fixed multi-step
   * one, so every generation gets the same learning-rate steps as its teacher; the plateau schedule
   * would decay each generation at its own epochs, on its own validation noise.
   */
  static final class Defaults extends PipelineDefaults {
    Defaults() {
      super(
          Map.of(
              "--model", "cnn-small-grey",
              "--epochs", "10",
              "--lr", "0.02",
              "--batch-size", "64",
              "--schedule", "wrn",
              "--output", "runs/demo"));
    }
  }
}
