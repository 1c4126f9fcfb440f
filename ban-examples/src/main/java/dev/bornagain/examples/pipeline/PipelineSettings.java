package dev.bornagain.examples.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.bornagain.core.KeptEpoch;
import dev.bornagain.core.checkpoint.CheckpointDirectory;
import dev.bornagain.core.optim.SgdSettings;
import dev.bornagain.models.catalogue.ModelCatalogue;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * How one pipeline run trains: the same settings for every seed and every generation.
 *
 * @param model the model preset's name in {@link ModelCatalogue}, e.g. {@code wrn-28-2}
 * @param loss the student loss
 * @param labelWeight the label weight of BAN+L and Hinton KD, in [0, 1]
 * @param temperature Hinton KD's temperature, &gt; 0
 * @param generations the student generations after the teacher, &gt;= 1; the most of them when
 *     {@code generationsWhileImproving}
 * @param generationsWhileImproving whether each seed's run trains another student only while the
 *     last one improved on the best validation value so far (teacher included)
 * @param epochs the epochs of every generation, &gt;= 1
 * @param schedule the learning-rate schedule shared by all generations
 * @param warmUpEpochs epochs of linear warm-up before the schedule, &gt;= 0 and fewer than {@code
 *     epochs}
 * @param optimizer the SGD settings, base learning rate included
 * @param batchSize the batch size (rows of contiguous text for language models), &gt;= 1
 * @param seeds the base seeds, one Born-Again run each, distinct, at least one
 * @param trainSubset how many training samples to use (tokens for language models), 0 for all
 * @param evalSubset how many validation and test samples to use (tokens for language models), 0 for
 *     all
 * @param labelNoise the fraction of training labels replaced by another class, in [0, 1]; the
 *     validation and test labels stay clean
 * @param keep whether each generation's best validation epoch is kept besides its last
 * @param baseline what is trained besides the generations to compare them with at equal compute
 * @param output the output directory: reports, and checkpoints under {@code checkpoints/seed-S}
 * @param resume whether existing checkpoints in the output directory may be continued
 * @param quiet whether to leave out progress bars and progress messages
 * @param teacherFrom an earlier run's output directory whose teachers (one per seed) are reused
 *     instead of training generation 0, or empty to train them
 */
public record PipelineSettings(
    String model,
    LossChoice loss,
    float labelWeight,
    float temperature,
    int generations,
    boolean generationsWhileImproving,
    int epochs,
    ScheduleChoice schedule,
    int warmUpEpochs,
    SgdSettings optimizer,
    int batchSize,
    ImmutableList<Long> seeds,
    int trainSubset,
    int evalSubset,
    double labelNoise,
    KeptEpoch keep,
    BaselineChoice baseline,
    Path output,
    boolean resume,
    boolean quiet,
    Optional<Path> teacherFrom) {

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException if the model preset is unknown, a count is out of range, the
   *     label weight is outside [0, 1], the temperature is not positive, or the seeds are empty or
   *     repeat
   * @throws NullPointerException if a reference is null
   */
  public PipelineSettings {
    checkNotNull(model, "model");
    ModelCatalogue.get(model);
    checkNotNull(loss, "loss");
    checkArgument(
        labelWeight >= 0 && labelWeight <= 1,
        "label weight must be in [0, 1] but was %s",
        labelWeight);
    checkArgument(
        temperature > 0 && Float.isFinite(temperature),
        "temperature must be > 0 but was %s",
        temperature);
    checkArgument(generations >= 1, "generations must be >= 1 but was %s", generations);
    checkArgument(epochs >= 1, "epochs must be >= 1 but was %s", epochs);
    checkNotNull(schedule, "schedule");
    checkArgument(warmUpEpochs >= 0, "warm-up epochs must be >= 0 but was %s", warmUpEpochs);
    checkArgument(
        warmUpEpochs < epochs,
        "the warm-up of %s epochs must be shorter than the run's %s epochs (--warmup-epochs 0 for"
            + " none)",
        warmUpEpochs,
        epochs);
    checkNotNull(optimizer, "optimizer");
    checkArgument(batchSize >= 1, "batch size must be >= 1 but was %s", batchSize);
    checkArgument(!seeds.isEmpty(), "at least one seed is needed");
    checkArgument(new HashSet<>(seeds).size() == seeds.size(), "seeds repeat: %s", seeds);
    checkArgument(trainSubset >= 0, "training subset must be >= 0 but was %s", trainSubset);
    checkArgument(evalSubset >= 0, "evaluation subset must be >= 0 but was %s", evalSubset);
    checkArgument(
        labelNoise >= 0 && labelNoise <= 1, "label noise must be in [0, 1] but was %s", labelNoise);
    checkNotNull(keep, "keep");
    checkNotNull(baseline, "baseline");
    checkNotNull(output, "output");
    checkNotNull(teacherFrom, "teacherFrom");
  }

  /** Returns a builder with the paper's CIFAR defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the checkpoint directory of one seed's run. */
  public Path checkpointDirectory(long seed) {
    return checkpointDirectory(output, seed);
  }

  /**
   * Returns the trained teacher of one seed in a pipeline's output directory: the file that {@link
   * #teacherFrom} reuses.
   *
   * @param runOutput a pipeline run's output directory
   * @param seed the base seed
   * @return {@code <runOutput>/checkpoints/seed-S/generation-0/final.parameters}
   */
  public static Path teacherFile(Path runOutput, long seed) {
    return CheckpointDirectory.finishedParameters(checkpointDirectory(runOutput, seed), 0);
  }

  /**
   * Returns where a run writes one seed's checkpoints.
   *
   * @param output the run's output directory
   * @param seed the seed
   * @return {@code <output>/checkpoints/seed-S}
   */
  public static Path checkpointDirectory(Path output, long seed) {
    return output.resolve("checkpoints").resolve("seed-" + seed);
  }

  /**
   * Builds {@link PipelineSettings}. Defaults: BAN loss, label weight 0.5, temperature 4, 3
   * generations, 200 epochs, the Wide-ResNet schedule and SGD settings, batch 128, seed 1, all
   * data, no resume, progress shown.
   */
  public static final class Builder {
    private LossChoice loss = LossChoice.BAN;
    private float labelWeight = 0.5f;
    private float temperature = 4f;
    private int generations = 3;
    private boolean generationsWhileImproving;
    private int epochs = 200;
    private ScheduleChoice schedule = ScheduleChoice.WRN;
    private int warmUpEpochs;
    private double labelNoise;
    private KeptEpoch keep = KeptEpoch.LAST;
    private BaselineChoice baseline = BaselineChoice.NONE;
    private SgdSettings optimizer = SgdSettings.wideResNet();
    private int batchSize = 128;
    private ImmutableList<Long> seeds = ImmutableList.of(1L);
    private int trainSubset;
    private int evalSubset;
    private boolean resume;
    private boolean quiet;
    private Path teacherFrom;

    private Builder() {}

    /** Sets the student loss. */
    public Builder loss(LossChoice loss) {
      this.loss = loss;
      return this;
    }

    /** Sets the label weight of BAN+L and Hinton KD. */
    public Builder labelWeight(float labelWeight) {
      this.labelWeight = labelWeight;
      return this;
    }

    /** Sets Hinton KD's temperature. */
    public Builder temperature(float temperature) {
      this.temperature = temperature;
      return this;
    }

    /** Sets the number of student generations. */
    public Builder generations(int generations) {
      this.generations = generations;
      this.generationsWhileImproving = false;
      return this;
    }

    /**
     * Lets each seed's run choose its number of student generations: another is trained while the
     * last one improved on the best validation value so far, teacher included.
     *
     * @param maxGenerations the most student generations, &gt;= 1
     * @return this builder
     */
    public Builder generationsWhileImproving(int maxGenerations) {
      this.generations = maxGenerations;
      this.generationsWhileImproving = true;
      return this;
    }

    /** Sets the epochs per generation. */
    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    /** Sets the learning-rate schedule. */
    public Builder schedule(ScheduleChoice schedule) {
      this.schedule = schedule;
      return this;
    }

    /**
     * Sets the epochs of linear warm-up before the schedule (default 0).
     *
     * @param warmUpEpochs the warm-up epochs, &gt;= 0 and fewer than the epochs
     * @return this builder
     */
    public Builder warmUpEpochs(int warmUpEpochs) {
      this.warmUpEpochs = warmUpEpochs;
      return this;
    }

    /**
     * Sets the fraction of training labels replaced by a uniformly drawn other class (default 0);
     * validation and test labels stay clean.
     *
     * @param labelNoise the fraction, in [0, 1]
     * @return this builder
     */
    public Builder labelNoise(double labelNoise) {
      this.labelNoise = labelNoise;
      return this;
    }

    /**
     * Sets which epochs are kept: {@link KeptEpoch#LAST} (default) or also the best validation
     * epoch.
     *
     * @param keep the choice
     * @return this builder
     */
    public Builder keep(KeptEpoch keep) {
      this.keep = keep;
      return this;
    }

    /**
     * Sets what is trained besides the generations: {@link BaselineChoice#NONE} (default) or the
     * independent networks and their distillation.
     *
     * @param baseline the choice
     * @return this builder
     */
    public Builder baseline(BaselineChoice baseline) {
      this.baseline = baseline;
      return this;
    }

    /** Sets the optimizer settings. */
    public Builder optimizer(SgdSettings optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /** Sets the batch size. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Sets the base seeds, one run each. */
    public Builder seeds(List<Long> seeds) {
      this.seeds = ImmutableList.copyOf(seeds);
      return this;
    }

    /** Sets the training subset size, 0 for all. */
    public Builder trainSubset(int trainSubset) {
      this.trainSubset = trainSubset;
      return this;
    }

    /** Sets the validation and test subset size, 0 for all. */
    public Builder evalSubset(int evalSubset) {
      this.evalSubset = evalSubset;
      return this;
    }

    /** Sets whether existing checkpoints may be continued. */
    public Builder resume(boolean resume) {
      this.resume = resume;
      return this;
    }

    /** Sets whether progress output is left out. */
    public Builder quiet(boolean quiet) {
      this.quiet = quiet;
      return this;
    }

    /**
     * Reuses the teachers of an earlier run (same model preset, data and seeds) instead of training
     * them, so that several student losses can be compared on the same teachers.
     *
     * @param runOutput the earlier run's output directory, or null to train the teachers
     * @return this builder
     */
    public Builder teacherFrom(Path runOutput) {
      this.teacherFrom = runOutput;
      return this;
    }

    /**
     * Validates and builds the settings.
     *
     * @param model the model preset's name
     * @param output the output directory
     * @return the settings
     * @throws IllegalArgumentException as {@link PipelineSettings#PipelineSettings} says
     */
    public PipelineSettings build(String model, Path output) {
      return new PipelineSettings(
          model,
          loss,
          labelWeight,
          temperature,
          generations,
          generationsWhileImproving,
          epochs,
          schedule,
          warmUpEpochs,
          optimizer,
          batchSize,
          seeds,
          trainSubset,
          evalSubset,
          labelNoise,
          keep,
          baseline,
          output,
          resume,
          quiet,
          Optional.ofNullable(teacherFrom));
    }
  }
}
