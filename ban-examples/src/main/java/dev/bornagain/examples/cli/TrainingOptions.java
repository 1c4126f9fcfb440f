package dev.bornagain.examples.cli;

import com.google.common.collect.ImmutableList;
import dev.bornagain.core.optim.SgdSettings;
import dev.bornagain.examples.pipeline.BaselineChoice;
import dev.bornagain.examples.pipeline.LossChoice;
import dev.bornagain.examples.pipeline.PipelineSettings;
import dev.bornagain.examples.pipeline.ScheduleChoice;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The training options every pipeline command shares, mixed into each with {@code @Mixin}. Their
 * defaults come from each command's {@link PipelineDefaults}, so {@code --help} shows the dataset's
 * recipe.
 */
final class TrainingOptions {

  @Option(
      names = "--model",
      paramLabel = "PRESET",
      description = "Model preset, see 'ban models' (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--loss",
      paramLabel = "LOSS",
      description =
          "Student loss: ban, ban+l (labels mixed in), cwtm, dkpp, hinton"
              + " (default: ${DEFAULT-VALUE}).")
  String loss;

  @Option(
      names = "--label-weight",
      paramLabel = "W",
      description = "Weight of the label term of ban+l and hinton (default: ${DEFAULT-VALUE}).")
  float labelWeight;

  @Option(
      names = "--temperature",
      paramLabel = "T",
      description = "Temperature of hinton (default: ${DEFAULT-VALUE}).")
  float temperature;

  @Option(
      names = "--generations",
      paramLabel = "N|auto",
      description =
          "Student generations after the teacher; auto trains another while the last one beats"
              + " the best validation value so far, teacher included, up to --max-generations"
              + " (default: ${DEFAULT-VALUE}).")
  String generations;

  @Option(
      names = "--max-generations",
      paramLabel = "N",
      description = "The most student generations of --generations auto (default: 5).")
  Integer maxGenerations;

  @Option(
      names = "--epochs",
      paramLabel = "E",
      description = "Epochs of every generation (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--schedule",
      paramLabel = "NAME",
      description =
          "Learning-rate schedule: wrn (x0.2 at 30%%, 60%%, 80%% of the epochs), cosine (per"
              + " step to 0), plateau (/4 when validation stalls), constant"
              + " (default: ${DEFAULT-VALUE}).")
  String schedule;

  @Option(
      names = "--warmup-epochs",
      paramLabel = "N",
      description =
          "Epochs of linear learning-rate warm-up before the schedule, which then runs over the"
              + " remaining epochs (default: ${DEFAULT-VALUE}).")
  int warmUpEpochs;

  @Option(
      names = "--keep",
      paramLabel = "EPOCH",
      description =
          "Parameters kept per generation: last, or best-validation (the epoch with the lowest"
              + " validation error, or perplexity for language models, as well as the last; `ban"
              + " export --epoch` picks one)"
              + " (default: ${DEFAULT-VALUE}).")
  String keep;

  @Option(
      names = "--baseline",
      paramLabel = "KIND",
      description =
          "Also train equal-compute rivals of the generations: independent (one network per"
              + " student on the labels alone, from seeds of their own: Ind*m averages m networks,"
              + " the rival of Ens*(m-1)+T; KD(Ind*k) distils Ind*k into one network, the rival"
              + " of BAN-k), or none (default: ${DEFAULT-VALUE}).")
  String baseline;

  @Option(
      names = "--label-noise",
      paramLabel = "P",
      description =
          "Replace a seeded fraction P of the training labels by a uniformly drawn other class;"
              + " validation and test labels stay clean (default: ${DEFAULT-VALUE}).")
  double labelNoise;

  @Option(
      names = "--lr",
      paramLabel = "RATE",
      description = "Base learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(
      names = "--max-grad-norm",
      paramLabel = "N",
      description =
          "Clip the global L2 norm of every step's gradients to N, 0 for no clipping"
              + " (default: ${DEFAULT-VALUE}).")
  float maxGradientNorm;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--seeds",
      split = ",",
      paramLabel = "SEED",
      description = "Base seeds, one run each, reported as mean ± std (default: ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(
      names = "--train-subset",
      paramLabel = "N",
      description =
          "Train on the first N training samples only (tokens for ptb), 0 for all"
              + " (default: ${DEFAULT-VALUE}).")
  int trainSubset;

  @Option(
      names = "--eval-subset",
      paramLabel = "N",
      description =
          "Validate and test on the first N samples only (tokens for ptb), 0 for all"
              + " (default: ${DEFAULT-VALUE}).")
  int evalSubset;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Output directory for reports and checkpoints (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(
      names = "--resume",
      description = "Continue the checkpoints of an earlier run in the output directory.")
  boolean resume;

  @Option(
      names = "--teacher-from",
      paramLabel = "DIR",
      description =
          "Reuse the trained teachers of an earlier run in DIR (same model, data and seeds)"
              + " instead of training them, e.g. to compare student losses on one teacher.")
  Path teacherFrom;

  @Option(
      names = "--quiet",
      description = "No progress bars or messages; print only the results table.")
  boolean quiet;

  /**
   * Turns the options into settings.
   *
   * @param recipe the dataset's optimizer recipe; its learning rate and gradient-norm bound are
   *     replaced by {@code --lr} and {@code --max-grad-norm}
   * @return the settings
   * @throws IllegalArgumentException if an option is out of range or names nothing known
   */
  PipelineSettings settings(SgdSettings recipe) {
    SgdSettings optimizer =
        new SgdSettings(
            learningRate,
            recipe.momentum(),
            recipe.nesterov(),
            recipe.weightDecay(),
            maxGradientNorm);
    PipelineSettings.Builder builder = PipelineSettings.builder();
    GenerationsOption.apply(generations, maxGenerations, builder);
    return builder
        .loss(LossChoice.parse(loss))
        .labelWeight(labelWeight)
        .temperature(temperature)
        .epochs(epochs)
        .schedule(ScheduleChoice.parse(schedule))
        .warmUpEpochs(warmUpEpochs)
        .labelNoise(labelNoise)
        .keep(KeptEpochNames.parse(keep))
        .baseline(BaselineChoice.parse(baseline))
        .optimizer(optimizer)
        .batchSize(batchSize)
        .seeds(seeds == null ? ImmutableList.of() : seeds)
        .trainSubset(trainSubset)
        .evalSubset(evalSubset)
        .resume(resume)
        .quiet(quiet)
        .teacherFrom(teacherFrom)
        .build(model, output);
  }
}
