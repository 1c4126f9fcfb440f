package dev.bornagain.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import dev.bornagain.core.checkpoint.CheckpointDirectory;
import dev.bornagain.core.checkpoint.FileDigest;
import dev.bornagain.core.checkpoint.Fingerprint;
import dev.bornagain.core.checkpoint.GenerationCheckpoint;
import dev.bornagain.core.data.BatchCheck;
import dev.bornagain.core.data.DataSummary;
import dev.bornagain.core.data.RepeatableDataset;
import dev.bornagain.core.ensemble.EnsemblePredictor;
import dev.bornagain.core.listen.BornAgainListener;
import dev.bornagain.core.listen.GenerationPlan;
import dev.bornagain.core.listen.ProgressBars;
import dev.bornagain.core.optim.GradientClipping;
import dev.bornagain.core.optim.LearningRateSchedule;
import dev.bornagain.core.optim.SgdSettings;
import dev.bornagain.core.train.ArchitectureProbe;
import dev.bornagain.core.train.EvaluationResult;
import dev.bornagain.core.train.FrozenModel;
import dev.bornagain.core.train.GenerationTrainer;
import dev.bornagain.core.train.ParameterSnapshot;
import dev.bornagain.core.train.Seeds;
import dev.bornagain.core.train.Teacher;
import dev.bornagain.core.train.TeacherOutputs;
import dev.bornagain.core.train.TrainingPlan;
import dev.bornagain.losses.DistillationLoss;
import dev.bornagain.losses.DistillationLosses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Born-Again Networks (Furlanello et al., ICML 2018): a teacher trained on the labels, then
 * generations of students of fresh seeds, each supervised by the previous one, then ensembles.
 *
 * <pre>{@code
 * BornAgainResult result = BornAgain.builder()
 *     .student(() -> wideResNet(28, 2, 100))
 *     .generations(3)
 *     .loss(DistillationLosses.ban())
 *     .epochs(200)
 *     .seed(7)
 *     .checkpointDirectory(Path.of("runs/wrn-28-2"))
 *     .train(trainingSet, validationSet);
 * try (EnsemblePredictor ens3 = result.ensemble(3)) {
 *   ens3.evaluate(testSet);
 * }
 * }</pre>
 *
 * <p>Global state: DJL's engine seed is engine-wide (it seeds DJL's {@code RandomUtils} and the
 * engine's generator), and PyTorch allows one gradient collector at a time. A run reseeds the
 * engine at every epoch start, so two runs in one JVM each stay reproducible when they run one
 * after the other; two runs on concurrent threads are not supported by DJL's PyTorch engine.
 */
public final class BornAgain {

  private static final Logger logger = LoggerFactory.getLogger(BornAgain.class);
  // The engine seed before the first batch is read for the architecture probe (as DataSummary's).
  private static final int PROBE_SEED = 0x5EED;

  private final IntFunction<Block> students;
  private final Supplier<Block> teacher;
  private final Path pretrainedTeacherFile;
  private final String dataIdentifier;
  private final int generations;
  private final GenerationsWhileImproving whileImproving;
  private final DistillationLoss loss;
  private final Loss teacherLoss;
  private final int epochs;
  private final long seed;
  private final ImmutableList<Device> devices;
  private final Path checkpointDirectory;
  private final boolean cacheTeacherOutputs;
  private final Supplier<Block> distilledStudent;
  private final boolean independentBaselines;
  private final ImmutableList<BornAgainListener> listeners;
  private final SgdSettings optimizer;

  /** What the kept best-validation epoch is best by, or null when only the last is kept. */
  private final ValidationCriterion keepBestBy;

  private final LearningRateSchedule schedule;

  BornAgain(BornAgainBuilder builder) {
    checkState(
        builder.students != null,
        "no student architecture: call student(() -> newBlock()) or studentPerGeneration(...)");
    checkState(
        builder.loss != null, "no loss: call loss(...) with a DistillationLoss, e.g. BAN's KD");
    this.students = builder.students;
    this.teacher = builder.teacher;
    this.pretrainedTeacherFile = builder.pretrainedTeacherFile;
    this.dataIdentifier = builder.dataIdentifier;
    this.generations = builder.generations;
    this.whileImproving = builder.whileImproving;
    this.loss = builder.loss;
    this.teacherLoss = builder.teacherLoss != null ? builder.teacherLoss : builder.loss;
    this.epochs = builder.epochs;
    this.seed = builder.seed;
    this.devices =
        builder.devices != null
            ? builder.devices
            : ImmutableList.copyOf(Engine.getInstance().getDevices());
    this.checkpointDirectory = builder.checkpointDirectory;
    this.cacheTeacherOutputs = builder.cacheTeacherOutputs;
    this.distilledStudent = builder.distilledStudent;
    this.independentBaselines = builder.independentBaselines;
    this.keepBestBy = builder.keepBestBy;
    List<BornAgainListener> all = new ArrayList<>(builder.listeners);
    if (!builder.quiet) {
      ProgressBars.onStandardErrorIfTerminal().ifPresent(all::add);
    }
    this.listeners = ImmutableList.copyOf(all);
    this.optimizer = builder.optimizer;
    this.schedule = builder.schedule;
    GradientClipping.checkDevices(optimizer, devices);
  }

  /** Starts configuring a run. */
  public static BornAgainBuilder builder() {
    return new BornAgainBuilder();
  }

  /**
   * Trains the teacher (unless pre-trained), BAN-1..BAN-N, and the ensemble-distilled student if
   * asked for; resumes from the checkpoint directory where one was written by the same
   * configuration.
   *
   * @param trainingSet the training data
   * @param validationSet held-out data for per-epoch validation, or null
   * @return the generations and their ensembles
   * @throws IOException if data or checkpoints cannot be read or written
   * @throws dev.bornagain.core.checkpoint.DamagedFileException if a checkpoint file fails its
   *     digest and no intact earlier epoch remains
   * @throws IllegalStateException if the checkpoint directory was written by another configuration
   *     (refused before any training; the message names every differing field)
   * @throws IllegalArgumentException if the training set is empty, teacher and student disagree on
   *     the number of classes, saved parameters do not fit their architecture, outputs are cached
   *     for a non-repeatable dataset, or the generations are to be chosen without a validation set
   */
  public BornAgainResult train(Dataset trainingSet, Dataset validationSet) throws IOException {
    checkNotNull(trainingSet, "trainingSet");
    checkArgument(
        whileImproving == null || validationSet != null,
        "generationsWhileImproving(%s) compares each student with the best so far on the"
            + " validation set, but train was called without one",
        generations);
    checkArgument(
        !cacheTeacherOutputs || trainingSet instanceof RepeatableDataset,
        "cacheTeacherOutputs() needs a training set that yields the same batches every epoch, but"
            + " %s does not implement RepeatableDataset: with shuffling or random augmentation a"
            + " cached teacher output belongs to an input the student no longer sees",
        trainingSet.getClass().getName());
    DataSummary training = DataSummary.of(trainingSet, "training set", dataIdentifier);
    DataSummary validation =
        DataSummary.ofOptional(validationSet, "validation set", dataIdentifier);
    // The first batch's data shapes initialise every generation's block.
    ImmutableList<Shape> inputShapes = training.dataShapes();
    if (validationSet != null) {
      BatchCheck.of("validation set", inputShapes).checkFirstBatch(validationSet);
    }
    ImmutableSortedMap<String, String> configuration =
        configuration(inputShapes, trainingSet, training, validation);
    CheckpointDirectory checkpoints =
        checkpointDirectory == null
            ? null
            : CheckpointDirectory.open(checkpointDirectory, new Fingerprint(configuration));
    try {
      return train(checkpoints, inputShapes, configuration, trainingSet, validationSet);
    } catch (UncheckedIOException e) {
      // A teacher's parameters failed to load inside a supplier: the caller sees an IOException.
      throw new IOException(e.getMessage(), e.getCause());
    } finally {
      if (checkpoints != null) {
        checkpoints.close();
      }
    }
  }

  private BornAgainResult train(
      CheckpointDirectory checkpoints,
      ImmutableList<Shape> inputShapes,
      ImmutableSortedMap<String, String> configuration,
      Dataset trainingSet,
      Dataset validationSet)
      throws IOException {
    TrainingPlan plan = new TrainingPlan(epochs, optimizer, schedule, devices, inputShapes);
    logger.info(
        "Every generation: {} epochs, {}",
        epochs,
        schedule.effective(optimizer.learningRate(), epochs));
    GenerationTrainer trainer =
        new GenerationTrainer(
            plan, listeners, checkpoints, keepBestBy == null ? null : keepBestBy::of);
    Run run = new Run(trainer, checkpoints, inputShapes, trainingSet, validationSet);

    List<Generation> done = new ArrayList<>();
    done.add(pretrainedTeacherFile != null ? pretrainedTeacher() : run.generation(0, null));
    // A pretrained teacher has no epochs to read its validation score from: one validation pass
    // scores it, for the rule below and for the result (a report shows it beside the others).
    EvaluationResult teacherValidation =
        pretrainedTeacherFile != null && validationSet != null
            ? run.evaluateOnValidation(done.get(0))
            : null;
    // The validation values of the generations so far, when the run chooses how many to train.
    List<Double> validation = new ArrayList<>();
    if (whileImproving != null) {
      validation.add(
          teacherValidation != null
              ? whileImproving.criterion().of(teacherValidation)
              : run.validationValue(done.get(0), whileImproving.criterion()));
    }
    GenerationStop stop = null;
    for (int k = 1; k <= generations && stop == null; k++) {
      Generation previous = done.get(k - 1);
      done.add(run.generation(k, () -> Teacher.of(run.freeze(previous))));
      if (whileImproving != null) {
        validation.add(run.validationValue(done.get(k), whileImproving.criterion()));
        stop = whileImproving.after(validation).orElse(null);
      }
    }
    if (stop != null) {
      logger.info("Generations: {}", stop.describe());
    }
    Generation distilled = null;
    if (distilledStudent != null) {
      List<Generation> students = done.subList(1, done.size());
      distilled = run.generation(slot(generations + 1), () -> run.ensembleTeacher(students));
    }
    List<Generation> independent = new ArrayList<>();
    List<Generation> independentDistilled = new ArrayList<>();
    if (independentBaselines) {
      trainBaselines(run, done, independent, independentDistilled);
    }
    return new BornAgainResult(
        done,
        distilled,
        independent,
        independentDistilled,
        this::architecture,
        inputShapes,
        devices.get(0),
        seed,
        configuration,
        schedule.effective(optimizer.learningRate(), epochs),
        stop,
        teacherValidation);
  }

  /**
   * Trains the equal-compute rivals of the students trained (see {@link IndependentBaselines}):
   * first the label-only networks Ind-2..Ind-(K+1), then KD(Ind*m) for m in [2, K].
   */
  private void trainBaselines(
      Run run, List<Generation> done, List<Generation> independent, List<Generation> distilled)
      throws IOException {
    int students = done.size() - 1;
    List<Generation> members = new ArrayList<>(List.of(done.get(0)));
    for (int m = 2; m <= students + 1; m++) {
      Generation network =
          run.generation(slot(IndependentBaselines.independentIndex(generations, m)), null);
      independent.add(network);
      members.add(network);
    }
    for (int m = 2; m <= students; m++) {
      List<Generation> distilledFrom = List.copyOf(members.subList(0, m));
      distilled.add(
          run.generation(
              slot(IndependentBaselines.distilledIndex(generations, m)),
              () -> run.ensembleTeacher(distilledFrom)));
    }
  }

  /** A generation index with its name and seed; the baselines' seeds have purposes of their own. */
  private record Slot(int index, String name, long seed) {}

  private Slot slot(int index) {
    int m = IndependentBaselines.numberAt(generations, index);
    if (m == 0) {
      return new Slot(index, nameOf(index, generations), Seeds.generation(seed, index));
    }
    String purpose =
        IndependentBaselines.isIndependentAt(generations, index)
            ? "independent"
            : "distilled-from-independent";
    return new Slot(
        index, IndependentBaselines.nameAt(generations, index), Seeds.derive(seed, purpose, m));
  }

  /** What a generation's best validation epoch is best by: the error unless told otherwise. */
  private ValidationCriterion bestBy() {
    return keepBestBy == null ? ValidationCriterion.ERROR : keepBestBy;
  }

  private Generation pretrainedTeacher() {
    return new Generation(
        0,
        Generation.nameOf(0),
        Seeds.generation(seed, 0),
        true,
        ImmutableList.of(),
        ParameterSnapshot.ofFile(pretrainedTeacherFile),
        null,
        bestBy());
  }

  /**
   * Returns a fresh block for a generation index: N + 1 is the ensemble-distilled student, Ind-m
   * networks have the teacher's architecture and KD(Ind*m) BAN-m's.
   */
  private Block architecture(int generation) {
    Block block;
    int baseline = IndependentBaselines.numberAt(generations, generation);
    if (IndependentBaselines.isIndependentAt(generations, generation)) {
      block = architecture(0);
    } else if (baseline > 0) {
      block = students.apply(baseline);
    } else if (generation == 0 && teacher != null) {
      block = teacher.get();
    } else if (generation > generations) {
      block = distilledStudent.get();
    } else {
      block = students.apply(generation);
    }
    return checkNotNull(block, "the architecture for generation %s returned null", generation);
  }

  private static String nameOf(int generation, int generations) {
    return generation > generations ? Generation.DISTILLED_NAME : Generation.nameOf(generation);
  }

  /** Everything the results depend on, as named fields: the checkpoint fingerprint. */
  private ImmutableSortedMap<String, String> configuration(
      ImmutableList<Shape> inputShapes,
      Dataset trainingSet,
      DataSummary training,
      DataSummary validation)
      throws IOException {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("seed", seed);
    // A fixed count stays a number, as in checkpoint directories written before the rule existed.
    fields.put("generations", whileImproving == null ? generations : whileImproving.describe());
    fields.put("epochs", epochs);
    fields.put("loss", DistillationLosses.describe(loss));
    fields.put("teacherLoss", DistillationLosses.describe(teacherLoss));
    fields.put("optimizer", optimizer);
    fields.put("schedule", schedule.describe());
    fields.put("inputShapes", inputShapes);
    fields.put("devices", devices);
    // The content, not the path: a file replaced at the same path is another teacher.
    fields.put(
        "teacher",
        pretrainedTeacherFile == null
            ? "trained"
            : "pretrained, sha256 " + FileDigest.of(pretrainedTeacherFile));
    fields.put("distilEnsemble", distilledStudent != null);
    if (independentBaselines) {
      // Only when asked for, so that directories written before the option existed still match.
      fields.put(
          "baselines",
          "independent: Ind-2..Ind-(K+1) on the labels with the teacher's loss, KD(Ind*m) for m in"
              + " [2, K] with the students' loss, K the students trained");
    }
    // By the error it stays "true", as directories written before the loss was possible say.
    fields.put(
        "keepBestValidation",
        keepBestBy == null
            ? "false"
            : keepBestBy == ValidationCriterion.ERROR ? "true" : "by " + keepBestBy.label());
    putData(fields, "trainingData", training);
    putData(fields, "validationData", validation);
    fields.putAll(architectures(inputShapes, trainingSet));
    return Fingerprint.of(fields).fields();
  }

  private static void putData(Map<String, Object> fields, String prefix, DataSummary data) {
    fields.put(prefix + ".samples", data.samples());
    fields.put(prefix + ".shapes", "data " + data.dataShapes() + ", labels " + data.labelShapes());
    fields.put(prefix + ".content", data.content());
  }

  /**
   * Every generation's parameter names and shapes, one field each ({@code architecture.BAN-1}): the
   * builder may give each generation its own architecture. A generation built like an earlier one
   * says so instead of repeating the list.
   *
   * <p>Each architecture also runs once on the first training batch (inference, no gradient), so
   * that generations disagreeing on the classes or the input fail here, before the teacher trains,
   * and the batch's labels are checked against the number of classes.
   */
  private Map<String, String> architectures(List<Shape> inputShapes, Dataset trainingSet)
      throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, String> firstWithShapes = new HashMap<>();
    int last = distilledStudent != null ? generations + 1 : generations;
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Engine.getInstance().setRandomSeed(PROBE_SEED);
      Iterator<Batch> batches = trainingSet.getData(manager).iterator();
      checkArgument(batches.hasNext(), "the training set is empty: it yielded no batches");
      try (Batch first = batches.next()) {
        String referenceName = null;
        Shape reference = null;
        for (int k = 0; k <= last; k++) {
          String name = nameOf(k, generations);
          ArchitectureProbe probe =
              ArchitectureProbe.run(name, architecture(k), inputShapes, first.getData());
          if (reference == null) {
            referenceName = name;
            reference = probe.output();
          } else {
            checkArgument(
                probe.output().equals(reference),
                "%s and %s disagree: on the first training batch (input shapes %s) %s outputs"
                    + " shape %s but %s outputs %s; every generation must predict the same"
                    + " classes for the same input",
                referenceName,
                name,
                Arrays.toString(first.getData().getShapes()),
                name,
                probe.output(),
                referenceName,
                reference);
          }
          String shapes = probe.parameters().toString();
          String firstName = firstWithShapes.putIfAbsent(shapes, name);
          fields.put("architecture." + name, firstName == null ? shapes : "same as " + firstName);
        }
        BatchCheck.of("training set", inputShapes)
            .check(0, first.getData(), first.getLabels(), reference.get(reference.dimension() - 1));
      }
    } catch (TranslateException e) {
      throw new IOException("cannot read the training set", e);
    }
    return fields;
  }

  /** The state shared by the generations of one call to {@link #train}. */
  private final class Run {
    private final GenerationTrainer trainer;
    private final CheckpointDirectory checkpoints;
    private final ImmutableList<Shape> inputShapes;
    private final Dataset trainingSet;
    private final Dataset validationSet;

    Run(
        GenerationTrainer trainer,
        CheckpointDirectory checkpoints,
        ImmutableList<Shape> inputShapes,
        Dataset trainingSet,
        Dataset validationSet) {
      this.trainer = trainer;
      this.checkpoints = checkpoints;
      this.inputShapes = inputShapes;
      this.trainingSet = trainingSet;
      this.validationSet = validationSet;
    }

    /**
     * Returns a generation's validation value: its last epoch's, or for a pre-trained teacher
     * (which has no epochs) one pass over the validation set.
     */
    double validationValue(Generation generation, ValidationCriterion criterion)
        throws IOException {
      if (generation.lastEpoch().isPresent()) {
        return criterion.of(generation.lastEpoch().get());
      }
      return criterion.of(evaluateOnValidation(generation));
    }

    /** Scores a finished generation on the validation set. */
    EvaluationResult evaluateOnValidation(Generation generation) throws IOException {
      try (EnsemblePredictor alone =
          EnsemblePredictor.of(List.of(freeze(generation)), inputShapes, devices.get(0))) {
        return alone.evaluate(validationSet, "validation set");
      }
    }

    /** The mean of finished generations' probabilities, as a teacher. */
    Teacher ensembleTeacher(List<Generation> generations) {
      List<FrozenModel> members = new ArrayList<>();
      try {
        generations.forEach(g -> members.add(freeze(g)));
      } catch (RuntimeException e) {
        members.forEach(FrozenModel::close);
        throw e;
      }
      return Teacher.ensembleOf(members);
    }

    /** Rebuilds a finished generation as a frozen model, for use as a teacher. */
    FrozenModel freeze(Generation generation) {
      try {
        return FrozenModel.load(
            generation.name(),
            architecture(generation.index()),
            inputShapes,
            generation.parameters(),
            devices.get(0));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot load the parameters of " + generation.name() + ": " + e.getMessage(), e);
      }
    }

    /**
     * Trains (or reloads from the checkpoint directory) one generation; its teacher is built only
     * if it must train, and closed as soon as it is trained.
     */
    Generation generation(int index, Supplier<Teacher> teacherFactory) throws IOException {
      return generation(slot(index), teacherFactory);
    }

    Generation generation(Slot slot, Supplier<Teacher> teacherFactory) throws IOException {
      int index = slot.index();
      String name = slot.name();
      long generationSeed = slot.seed();
      GenerationCheckpoint saved =
          checkpoints == null ? null : checkpoints.load(index).orElse(null);
      if (saved != null && saved.finished()) {
        logger.info(
            "Skipping {}: already trained in {} (its final parameters are reused)",
            name,
            checkpoints.root());
        return new Generation(
            index,
            name,
            generationSeed,
            false,
            saved.metrics(),
            ParameterSnapshot.ofFile(saved.parameters()),
            keepBestBy != null
                ? checkpoints.bestParameters(index).map(ParameterSnapshot::ofFile).orElse(null)
                : null,
            bestBy());
      }
      GenerationPlan plan =
          new GenerationPlan(
              index, name, generationSeed, epochs, saved == null ? 0 : saved.completedEpochs());
      logger.info(
          "{}: seed {}, {} epochs{}",
          name,
          generationSeed,
          epochs,
          plan.firstEpoch() > 0 ? ", resuming at epoch " + (plan.firstEpoch() + 1) : "");
      Loss generationLoss = teacherFactory == null ? teacherLoss : loss;
      GenerationTrainer.Outcome outcome;
      if (teacherFactory == null) {
        outcome =
            trainer.train(
                plan, architecture(index), generationLoss, null, trainingSet, validationSet, saved);
      } else {
        try (Teacher frozen = teacherFactory.get()) {
          TeacherOutputs outputs =
              cacheTeacherOutputs ? TeacherOutputs.cached(frozen) : TeacherOutputs.live(frozen);
          outcome =
              trainer.train(
                  plan,
                  architecture(index),
                  generationLoss,
                  outputs,
                  trainingSet,
                  validationSet,
                  saved);
        }
      }
      return new Generation(
          index,
          name,
          generationSeed,
          false,
          outcome.metrics(),
          outcome.parameters(),
          outcome.bestValidation(),
          bestBy());
    }
  }
}
