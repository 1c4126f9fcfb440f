package dev.bornagain.benchmarks.step;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import com.google.common.collect.ImmutableList;
import dev.bornagain.core.optim.LearningRateSchedule;
import dev.bornagain.core.optim.SgdSettings;
import dev.bornagain.core.train.Seeds;
import dev.bornagain.core.train.Student;
import dev.bornagain.core.train.TrainingPlan;
import dev.bornagain.datasets.DownloadPolicy;
import dev.bornagain.datasets.Split;
import dev.bornagain.datasets.text.LanguageModelDataset;
import dev.bornagain.datasets.text.PennTreebankCorpus;
import dev.bornagain.losses.DistillationLosses;
import dev.bornagain.models.catalogue.InputKind;
import dev.bornagain.models.catalogue.ModelCatalogue;
import dev.bornagain.models.catalogue.ModelPreset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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
 * {@code ban bench lm-throughput}: tokens per second of a language model's label training (a
 * teacher generation's step of {@code ban ptb}) on the Penn Treebank's training text, windows in
 * order with the hidden state carried, plain SGD at 20 with the gradient norm clipped to 0.25: the
 * Java half of {@code ban-benchmarks/scripts/ptb_throughput.sh}, which runs the same steps in
 * PyTorch eager ({@code ptb_lstm_torch.py}) and compares. Prints {@code round <k> tokens/s <value>}
 * per round and, last, {@code tokens/s <median>}.
 */
@Command(
    name = "lm-throughput",
    mixinStandardHelpOptions = true,
    description = {
      "Tokens/s of language-model label training through Student.trainBatch on the Penn Treebank.",
      "Last line: 'tokens/s <median over rounds>'."
    })
final class LanguageModelThroughputCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--data-dir",
      required = true,
      paramLabel = "DIR",
      description =
          "Directory of ptb.train.txt, ptb.valid.txt and ptb.test.txt (never downloaded).")
  private Path dataDirectory;

  @Option(
      names = "--model",
      defaultValue = "lstm-2x200",
      description = "A language-model preset of `ban models` (default: ${DEFAULT-VALUE}).")
  private String model;

  @Option(
      names = "--batch-size",
      defaultValue = "20",
      description = "Rows per batch (default: ${DEFAULT-VALUE}).")
  private int batchSize;

  @Option(
      names = "--bptt",
      defaultValue = "35",
      description = "Unrolled steps per window (default: ${DEFAULT-VALUE}).")
  private int bptt;

  @Option(
      names = "--steps",
      defaultValue = "200",
      description = "Timed steps per round; 0 for a whole epoch (default: ${DEFAULT-VALUE}).")
  private int steps;

  @Option(
      names = "--warmup",
      defaultValue = "20",
      description = "Steps before the first round, not counted in it (default: ${DEFAULT-VALUE}).")
  private int warmup;

  @Option(
      names = "--rounds",
      defaultValue = "1",
      description = "Timed rounds (default: ${DEFAULT-VALUE}).")
  private int rounds;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the initial weights (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Override
  public Integer call() throws IOException {
    requireAtLeast(batchSize, 1, "--batch-size");
    requireAtLeast(bptt, 1, "--bptt");
    requireAtLeast(steps, 0, "--steps");
    requireAtLeast(warmup, 0, "--warmup");
    requireAtLeast(rounds, 1, "--rounds");
    ModelPreset preset = languageModel();
    PennTreebankCorpus corpus = PennTreebankCorpus.load(dataDirectory, DownloadPolicy.OFFLINE);
    LanguageModelDataset train =
        LanguageModelDataset.builder()
            .setCorpus(corpus, Split.TRAIN)
            .setSampling(batchSize, false)
            .optBptt(bptt)
            .build();
    int perRound = steps == 0 ? train.windowCount() : steps;
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "# lm-throughput: %s, %d training tokens, batch %d, bptt %d, SGD 20, clip 0.25; %d steps"
            + " per round after %d warm-up steps; %d processors, engine %s %s%n",
        model,
        corpus.tokens(Split.TRAIN).length,
        batchSize,
        bptt,
        perRound,
        warmup,
        Runtime.getRuntime().availableProcessors(),
        Engine.getInstance().getEngineName(),
        Engine.getInstance().getVersion());
    out.flush();
    TrainingPlan plan =
        new TrainingPlan(
            1,
            SgdSettings.plain(20f).withMaxGradientNorm(0.25f),
            LearningRateSchedule.constant(),
            ImmutableList.of(Engine.getInstance().defaultDevice()),
            ImmutableList.of(new Shape(batchSize, bptt)));
    List<Double> rates = new ArrayList<>();
    try (Student student =
        Student.create(
            "lm-throughput",
            preset.build(corpus.vocabulary().size()),
            plan,
            DistillationLosses.ban(),
            Seeds.initialisation(Seeds.generation(seed, 0)),
            null)) {
      StepHarness.warmUp(student, train, warmup, out);
      for (int round = 1; round <= rounds; round++) {
        // Every round starts a pass at the first window, as an epoch does.
        StepHarness.Pass pass = StepHarness.pass(student, train, null, perRound);
        double tokensPerSecond = predictedTokens(train, pass.steps()) / (pass.nanos() / 1e9);
        rates.add(tokensPerSecond);
        out.printf(
            Locale.ROOT,
            "round %d tokens/s %.1f ms/step %.1f steps %d loss %.4f%n",
            round,
            tokensPerSecond,
            pass.millisPerStep(),
            pass.steps(),
            pass.meanLoss());
        out.flush();
      }
    }
    out.printf(Locale.ROOT, "tokens/s %.1f%n", StepHarness.median(rates));
    out.flush();
    return 0;
  }

  /** The tokens predicted in the first {@code steps} windows (the last window may be shorter). */
  private static long predictedTokens(LanguageModelDataset data, int steps) {
    long tokens = 0;
    for (int window = 0; window < steps; window++) {
      tokens += (long) data.windowLength(window) * data.batchSize();
    }
    return tokens;
  }

  private ModelPreset languageModel() {
    ModelPreset preset;
    try {
      preset = ModelCatalogue.get(model);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (preset.inputKind() != InputKind.TOKENS) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--model " + model + " is not a language model");
    }
    return preset;
  }

  private void requireAtLeast(int value, int minimum, String option) {
    if (value < minimum) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " must be >= " + minimum + " but was " + value);
    }
  }
}
