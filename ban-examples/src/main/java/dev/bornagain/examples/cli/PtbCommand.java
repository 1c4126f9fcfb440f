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
 * {@code ban ptb}: Born-Again language models on the Penn Treebank, the paper's recipe: plain SGD
 * divided by 4 whenever validation perplexity stalls, truncated back-propagation over 35 steps,
 * BAN+L (the paper found only BAN+L to work on PTB), reported as perplexity.
 *
 * <p>The paper's learning rate of 1 (Zaremba et al.'s) goes with a loss summed over the 35 time
 * steps; the losses here average over every token, so their gradients are 35 times smaller. The
 * defaults are therefore learning rate 20 and the gradient norm clipped to 0.25 (Zaremba's bound of
 * 5 on the summed loss is about 0.14 on the mean), PyTorch's word-language-model recipe for the
 * same averaged loss.
 */
@Command(
    name = "ptb",
    mixinStandardHelpOptions = true,
    defaultValueProvider = PtbCommand.Defaults.class,
    description = {
      "Born-Again LSTM language models on the Penn Treebank (perplexity).",
      "--train-subset and --eval-subset count tokens."
    })
final class PtbCommand extends PipelineCommand {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Directory of ptb.train.txt, ptb.valid.txt and ptb.test.txt, downloaded there if missing"
              + " unless --offline (default: ${DEFAULT-VALUE}).")
  Path dataDirectory;

  @Option(
      names = "--bptt",
      paramLabel = "T",
      description = "Unrolled steps of truncated back-propagation (default: ${DEFAULT-VALUE}).")
  int bptt;

  @Mixin OfflineOption download;

  @Override
  SgdSettings recipe() {
    return SgdSettings.plain(20f);
  }

  @Override
  void checkOwnOptions() {
    requireAtLeast("--bptt", bptt, 1);
  }

  @Override
  PreparedData prepare(PipelineSettings settings) throws IOException {
    return PipelineData.pennTreebank(dataDirectory, download.policy(), bptt, settings);
  }

  /**
   * The paper's PTB recipe for a loss averaged over tokens (see above), with the small 2 x 200 LSTM
   * as the default model.
   */
  static final class Defaults extends PipelineDefaults {
    Defaults() {
      super(
          Map.of(
              "--model", "lstm-2x200",
              "--loss", "ban+l",
              "--data-dir", "data/ptb",
              "--bptt", "35",
              "--epochs", "40",
              "--schedule", "plateau",
              "--lr", "20",
              "--max-grad-norm", "0.25",
              "--batch-size", "20",
              "--output", "runs/ptb"));
    }
  }
}
