package dev.bornagain.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.Device;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import com.google.common.collect.ImmutableList;
import dev.bornagain.core.listen.BornAgainListener;
import dev.bornagain.core.optim.LearningRateSchedule;
import dev.bornagain.core.optim.SgdSettings;
import dev.bornagain.losses.DistillationLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Configures a Born-Again run; obtained from {@link BornAgain#builder()}. A student architecture
 * and a loss are required; everything else has the paper's CIFAR defaults: 3 student generations,
 * 200 epochs, SGD with Nesterov momentum 0.9, learning rate 0.1 and weight decay 5e-4, multiplied
 * by 0.2 at 30%, 60% and 80% of the epochs, seed 0, all of the engine's devices, a console progress
 * bar.
 *
 * <p>Every block supplier must return a <em>fresh</em> block on each call: generations never share
 * a block, and a generation is rebuilt from its parameters whenever it serves as a teacher or an
 * ensemble member.
 */
public final class BornAgainBuilder {

  IntFunction<Block> students;
  Supplier<Block> teacher;
  Path pretrainedTeacherFile;
  String dataIdentifier;
  int generations = 3;
  GenerationsWhileImproving whileImproving;
  DistillationLoss loss;
  Loss teacherLoss;
  int epochs = 200;
  SgdSettings optimizer = SgdSettings.wideResNet();
  LearningRateSchedule schedule = LearningRateSchedule.wideResNet();
  long seed;
  ImmutableList<Device> devices;
  Path checkpointDirectory;
  boolean cacheTeacherOutputs;
  Supplier<Block> distilledStudent;
  boolean independentBaselines;
  final List<BornAgainListener> listeners = new ArrayList<>();
  boolean quiet;
  ValidationCriterion keepBestBy;

  BornAgainBuilder() {}

  /**
   * Keeps, besides each generation's last parameters, those of its epoch with the lowest validation
   * error (the first on ties), chosen on the validation set only; {@link
   * BornAgainResult#ensemble(java.util.List, KeptEpoch)} and the export then offer either. Needs a
   * validation set in {@code train}.
   *
   * @return this builder
   */
  public BornAgainBuilder keepBestValidationEpoch() {
    return keepBestValidationEpoch(ValidationCriterion.ERROR);
  }

  /**
   * As {@link #keepBestValidationEpoch()}, the best epoch by another validation value: {@link
   * ValidationCriterion#LOSS} for language models, where it orders like perplexity.
   *
   * @param by what the best epoch has lowest
   * @return this builder
   */
  public BornAgainBuilder keepBestValidationEpoch(ValidationCriterion by) {
    this.keepBestBy = checkNotNull(by, "by");
    return this;
  }

  /**
   * Sets the architecture of every generation (the teacher's too, unless {@link #teacher} says
   * otherwise).
   *
   * @param architecture returns a fresh, uninitialised block on each call
   * @return this builder
   */
  public BornAgainBuilder student(Supplier<Block> architecture) {
    checkNotNull(architecture, "architecture");
    this.students = generation -> architecture.get();
    return this;
  }

  /**
   * Sets a possibly different architecture per generation, as in the paper's DenseNet teacher with
   * Wide-ResNet students.
   *
   * @param architecture maps a generation index (0 is the teacher, unless {@link #teacher} is set)
   *     to a fresh block
   * @return this builder
   */
  public BornAgainBuilder studentPerGeneration(IntFunction<Block> architecture) {
    this.students = checkNotNull(architecture, "architecture");
    return this;
  }

  /**
   * Sets the teacher's architecture when it differs from the students'.
   *
   * @param architecture returns a fresh block on each call
   * @return this builder
   */
  public BornAgainBuilder teacher(Supplier<Block> architecture) {
    this.teacher = checkNotNull(architecture, "architecture");
    this.pretrainedTeacherFile = null;
    return this;
  }

  /**
   * Uses a teacher trained elsewhere instead of training generation 0.
   *
   * <p>The file's SHA-256, not its path, enters the run's configuration: a checkpoint directory is
   * not resumed with another teacher file. Loading checks every parameter's shape against the
   * architecture and names the first that differs.
   *
   * @param parametersFile a file written by {@code Block.saveParameters} (e.g. a checkpoint
   *     directory's {@code final.parameters}, checked against the digest beside it) or by DJL's
   *     {@code Model.save} ({@code <name>-NNNN.params})
   * @param architecture returns a fresh block of the architecture the file was saved from
   * @return this builder
   * @throws IllegalArgumentException if the file does not exist
   */
  public BornAgainBuilder pretrainedTeacher(Path parametersFile, Supplier<Block> architecture) {
    checkNotNull(parametersFile, "parametersFile");
    checkArgument(
        Files.isRegularFile(parametersFile),
        "pre-trained teacher file %s does not exist",
        parametersFile);
    this.teacher = checkNotNull(architecture, "architecture");
    this.pretrainedTeacherFile = parametersFile;
    return this;
  }

  /**
   * Names the training and validation data, in place of the digest of their first and last batches
   * that the run's configuration records otherwise. Give one when reading a few batches is costly,
   * or when the samples are random at each read (augmentation drawn outside DJL's engine seed);
   * change it whenever the data changes, or a checkpoint directory will be resumed on other data.
   * The number of samples and the batch shapes are recorded either way.
   *
   * @param identifier e.g. "cifar-10 train 0-44999, v2 files"
   * @return this builder
   * @throws IllegalArgumentException if the identifier is blank
   */
  public BornAgainBuilder dataIdentifier(String identifier) {
    checkNotNull(identifier, "identifier");
    checkArgument(
        !identifier.isBlank(), "data identifier must not be blank but was '%s'", identifier);
    this.dataIdentifier = identifier;
    return this;
  }

  /**
   * Sets the number of student generations after the teacher.
   *
   * @param generations N &gt;= 1: BAN-1..BAN-N are trained (this replaces {@link
   *     #generationsWhileImproving})
   * @return this builder
   * @throws IllegalArgumentException if generations &lt; 1
   */
  public BornAgainBuilder generations(int generations) {
    checkArgument(generations >= 1, "generations must be >= 1 but was %s", generations);
    this.generations = generations;
    this.whileImproving = null;
    return this;
  }

  /**
   * Lets the run choose its number of student generations: after each student, another is trained
   * while the last one's validation error is below the lowest so far (the teacher's included), up
   * to a maximum. In the paper BAN-3 is sometimes worse than BAN-2; this stops where the validation
   * set says more generations stop helping. {@link BornAgainResult#stop()} says where and why it
   * stopped. Needs a validation set in {@code train}.
   *
   * @param maxGenerations the most student generations, &gt;= 1
   * @return this builder
   * @throws IllegalArgumentException if maxGenerations &lt; 1
   */
  public BornAgainBuilder generationsWhileImproving(int maxGenerations) {
    return generationsWhileImproving(maxGenerations, ValidationCriterion.ERROR);
  }

  /**
   * As {@link #generationsWhileImproving(int)}, comparing another validation value, e.g. the loss
   * for language models (it orders like perplexity).
   *
   * @param maxGenerations the most student generations, &gt;= 1
   * @param criterion what is compared
   * @return this builder
   * @throws IllegalArgumentException if maxGenerations &lt; 1
   */
  public BornAgainBuilder generationsWhileImproving(
      int maxGenerations, ValidationCriterion criterion) {
    this.whileImproving = new GenerationsWhileImproving(maxGenerations, criterion);
    this.generations = maxGenerations;
    return this;
  }

  /**
   * Sets the loss that supervises each student with its teacher. The teacher generation is trained
   * with the same loss's labels-only cross-entropy unless {@link #teacherLoss} is set.
   *
   * @param loss any {@link DistillationLoss}, the caller's own included
   * @return this builder
   */
  public BornAgainBuilder loss(DistillationLoss loss) {
    this.loss = checkNotNull(loss, "loss");
    return this;
  }

  /**
   * Sets the loss that trains generation 0 from the labels.
   *
   * @param loss any DJL loss taking {@code [labels]} and {@code [logits]}
   * @return this builder
   */
  public BornAgainBuilder teacherLoss(Loss loss) {
    this.teacherLoss = checkNotNull(loss, "loss");
    return this;
  }

  /**
   * Sets the epochs of every generation (the same schedule for all).
   *
   * @param epochs &gt;= 1
   * @return this builder
   * @throws IllegalArgumentException if epochs &lt; 1
   */
  public BornAgainBuilder epochs(int epochs) {
    checkArgument(epochs >= 1, "epochs must be >= 1 but was %s", epochs);
    this.epochs = epochs;
    return this;
  }

  /**
   * Sets the optimizer's hyper-parameters.
   *
   * @param settings learning rate, momentum, Nesterov, weight decay
   * @return this builder
   */
  public BornAgainBuilder optimizer(SgdSettings settings) {
    this.optimizer = checkNotNull(settings, "settings");
    return this;
  }

  /**
   * Sets the learning-rate schedule shared by all generations.
   *
   * @param schedule e.g. {@link LearningRateSchedule#wideResNet()} or {@link
   *     LearningRateSchedule#plateau(float)}
   * @return this builder
   */
  public BornAgainBuilder learningRateSchedule(LearningRateSchedule schedule) {
    this.schedule = checkNotNull(schedule, "schedule");
    return this;
  }

  /**
   * Sets the base seed from which every generation's seed is derived.
   *
   * @param seed the base seed
   * @return this builder
   */
  public BornAgainBuilder seed(long seed) {
    this.seed = seed;
    return this;
  }

  /**
   * Sets the training devices; batches are split across them (DJL data parallelism) and the teacher
   * is replicated on each. Defaults to the engine's devices.
   *
   * @param devices one or more devices
   * @return this builder
   * @throws IllegalArgumentException if none is given
   */
  public BornAgainBuilder devices(Device... devices) {
    checkArgument(devices.length > 0, "at least one device is needed");
    this.devices = ImmutableList.copyOf(devices);
    return this;
  }

  /**
   * Checkpoints every epoch into a directory; running the same configuration again with the same
   * directory resumes where it stopped. The directory records the configuration: the settings,
   * every generation's parameter shapes, each loss's settings, the data's size, shapes and a digest
   * of a few batches, the pre-trained teacher's digest. A run that differs in any of them is
   * refused before it trains, naming each field. Every file is written with its SHA-256 beside it;
   * a damaged newest epoch is skipped for the one before it.
   *
   * @param directory the directory, created if absent
   * @return this builder
   */
  public BornAgainBuilder checkpointDirectory(Path directory) {
    this.checkpointDirectory = checkNotNull(directory, "directory");
    return this;
  }

  /**
   * Computes each teacher's outputs in a student's first epoch and replays them afterwards. Only
   * allowed when the training set is a {@link dev.bornagain.core.data.RepeatableDataset}; checked
   * when training starts.
   *
   * @return this builder
   */
  public BornAgainBuilder cacheTeacherOutputs() {
    this.cacheTeacherOutputs = true;
    return this;
  }

  /**
   * After the last generation, trains one more student supervised by the ensemble of BAN-1..BAN-N
   * (the mean of their probabilities), with the same loss and schedule.
   *
   * @param architecture returns a fresh block
   * @return this builder
   */
  public BornAgainBuilder distilEnsembleInto(Supplier<Block> architecture) {
    this.distilledStudent = checkNotNull(architecture, "architecture");
    return this;
  }

  /**
   * After the born-again generations, also trains their equal-compute rivals (Allen-Zhu and Li,
   * 2020): for K students, K networks of the teacher's architecture and recipe trained on the
   * labels alone from seeds distinct from every generation's ({@code Ind-2..Ind-(K+1)}, the teacher
   * being {@code Ind-1}), and for m in [2, K] one network of BAN-m's architecture distilled from
   * the mean of the first m ({@code KD(Ind*m)}) with the students' loss and schedule. Then {@code
   * Ens*k+T} can be compared with {@code Ind*(k+1)} and {@code BAN-k} with {@code KD(Ind*k)}, each
   * pair for the same number of networks trained. Costs 2K - 1 more networks; checkpointed, resumed
   * and fingerprinted like the generations. See {@link IndependentBaselines}.
   *
   * @return this builder
   */
  public BornAgainBuilder independentBaselines() {
    this.independentBaselines = true;
    return this;
  }

  /**
   * Adds a listener.
   *
   * @param listener receives generation, epoch and batch events
   * @return this builder
   */
  public BornAgainBuilder listener(BornAgainListener listener) {
    listeners.add(checkNotNull(listener, "listener"));
    return this;
  }

  /**
   * Turns off the default progress bar, which is drawn only when standard error is a terminal
   * (logging through SLF4J is unaffected: one INFO line per epoch and per generation).
   *
   * @return this builder
   */
  public BornAgainBuilder quiet() {
    this.quiet = true;
    return this;
  }

  /**
   * Validates the configuration.
   *
   * @return the configured run
   * @throws IllegalStateException if no student architecture or no loss was given
   * @throws IllegalArgumentException if the optimizer clips gradients and several devices were
   *     given
   */
  public BornAgain build() {
    return new BornAgain(this);
  }

  /**
   * Builds and trains with a validation set.
   *
   * @param trainingSet the training data
   * @param validationSet held-out data for per-epoch validation (never the test set), or null
   * @return the result
   * @throws IOException if data or checkpoints cannot be read or written
   * @throws IllegalStateException if the configuration is incomplete, or a checkpoint directory was
   *     written by a different configuration
   * @throws IllegalArgumentException if the optimizer clips gradients on several devices, the
   *     training set is empty, teacher and student disagree on the number of classes, or outputs
   *     are cached for a non-repeatable dataset
   */
  public BornAgainResult train(Dataset trainingSet, Dataset validationSet) throws IOException {
    return build().train(trainingSet, validationSet);
  }

  /**
   * Builds and trains without validation.
   *
   * @param trainingSet the training data
   * @return the result
   * @throws IOException if data or checkpoints cannot be read or written
   * @throws IllegalStateException if the configuration is incomplete or the checkpoint directory
   *     differs
   * @throws IllegalArgumentException if the training set is empty or teacher and student disagree
   */
  public BornAgainResult train(Dataset trainingSet) throws IOException {
    return build().train(trainingSet, null);
  }
}
