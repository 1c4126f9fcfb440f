package dev.bornagain.examples.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.ndarray.types.Shape;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.gson.JsonParser;
import dev.bornagain.core.BornAgain;
import dev.bornagain.core.BornAgainBuilder;
import dev.bornagain.core.BornAgainResult;
import dev.bornagain.core.Generation;
import dev.bornagain.core.GenerationStop;
import dev.bornagain.core.IndependentBaselines;
import dev.bornagain.core.KeptEpoch;
import dev.bornagain.core.ValidationCriterion;
import dev.bornagain.core.checkpoint.RunLock;
import dev.bornagain.core.data.BatchCheck;
import dev.bornagain.core.ensemble.EnsemblePredictor;
import dev.bornagain.core.listen.BornAgainListener;
import dev.bornagain.core.listen.EpochMetrics;
import dev.bornagain.core.optim.LearningRateSchedule;
import dev.bornagain.core.train.EvaluationResult;
import dev.bornagain.examples.report.EnsembleReport;
import dev.bornagain.examples.report.EpochReport;
import dev.bornagain.examples.report.GenerationReport;
import dev.bornagain.examples.report.JsonReportReader;
import dev.bornagain.examples.report.Metric;
import dev.bornagain.examples.report.ReportWriter;
import dev.bornagain.examples.report.RunReport;
import dev.bornagain.examples.report.StopReport;
import dev.bornagain.examples.report.Summary;
import dev.bornagain.models.catalogue.ModelCatalogue;
import dev.bornagain.models.catalogue.ModelPreset;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the paper's procedure on one dataset: for each seed, one Born-Again run (teacher and N
 * student generations, checkpointed under {@code <output>/checkpoints/seed-S}); then every
 * generation alone and the ensembles {@code Ens*2..Ens*N} (BAN-1..k) and {@code Ens*N+T} (teacher
 * included) are scored on the test split. Nothing is selected on the test split: the reported model
 * of a generation is its last epoch, and its validation value is that epoch's.
 *
 * <pre>{@code
 * PipelineSettings settings = PipelineSettings.builder().epochs(1).build("resnet-20", output);
 * PreparedData data = PipelineData.cifar(CifarLayout.CIFAR_10, dir, DownloadPolicy.OFFLINE, null,
 *     settings);
 * RunReport report = new BornAgainPipeline(System.err).run(settings, data);
 * }</pre>
 */
public final class BornAgainPipeline {

  /** How the note on reused teachers' validation values begins. */
  static final String REUSED_TEACHERS = "The reused teachers' validation";

  /** Where the recipe line names the run whose teachers were reused, followed by its path. */
  static final String TEACHERS_REUSED_FROM = "the teachers are reused from ";

  /** What follows that path in the recipe line. */
  static final String STUDENTS_WITH = ", students with ";

  /** The name of the ensemble of the teacher and every student generation, e.g. "Ens*3+T". */
  public static final String WITH_TEACHER_SUFFIX = "+T";

  /** Stands for the number of students in "Ens*auto+T" when each seed chose its own. */
  public static final String AUTO = "auto";

  private final PrintStream log;
  private final List<BornAgainListener> listeners = new ArrayList<>();

  /**
   * Creates a pipeline.
   *
   * @param log where progress messages go (usually standard error); nothing is written to it when
   *     the settings ask for quiet
   */
  public BornAgainPipeline(PrintStream log) {
    this.log = checkNotNull(log, "log");
  }

  /**
   * Adds a listener to every seed's run (generation and epoch events).
   *
   * @param listener the listener
   * @return this pipeline
   */
  public BornAgainPipeline listener(BornAgainListener listener) {
    listeners.add(checkNotNull(listener, "listener"));
    return this;
  }

  /**
   * Trains, scores and reports; writes {@code report.json}, {@code report.md} and the PNG plots
   * into the settings' output directory.
   *
   * @param settings how to train
   * @param data the three splits
   * @return the report, with notes on whether the students and ensembles beat the teacher
   * @throws IOException if data, checkpoints or reports cannot be read or written
   * @throws IllegalArgumentException if the model preset does not take the dataset's input
   * @throws IllegalStateException if the output directory already holds checkpoints and resume is
   *     off, or holds checkpoints of a different configuration
   */
  public RunReport run(PipelineSettings settings, PreparedData data) throws IOException {
    return run(settings, data, ImmutableList.of());
  }

  /**
   * As {@link #run(PipelineSettings, PreparedData)}, with extra notes placed before the verdict.
   *
   * @param settings how to train
   * @param data the three splits
   * @param extraNotes lines about the run's context, e.g. the size of the data
   * @return the report
   * @throws IOException if data, checkpoints or reports cannot be read or written
   * @throws IllegalArgumentException if the model preset does not take the dataset's input, or the
   *     settings reuse teachers from a directory that lacks one of the seeds' teachers
   * @throws IllegalStateException if the output directory already holds checkpoints and resume is
   *     off, or holds checkpoints of a different configuration, or another run is using it (its
   *     {@link RunLock} names the holder)
   */
  public RunReport run(PipelineSettings settings, PreparedData data, List<String> extraNotes)
      throws IOException {
    ModelPreset preset = checkCompatible(settings, data);
    // Before anything is read from or written to the output: one run per directory.
    RunLock lock = RunLock.acquire(settings.output(), "output directory");
    try {
      return runLocked(settings, data, extraNotes, preset);
    } finally {
      lock.close();
    }
  }

  private RunReport runLocked(
      PipelineSettings settings, PreparedData data, List<String> extraNotes, ModelPreset preset)
      throws IOException {
    refuseExistingCheckpoints(settings);
    checkSameInput(data);
    if (settings.teacherFrom().isPresent()) {
      checkSameModel(settings.teacherFrom().get(), settings.model());
      settings.seeds().forEach(seed -> checkTeacherExists(settings.teacherFrom().get(), seed));
    }
    say(settings, "Data: " + data.description());
    // Written before training: the report records the same settings, so a run that reuses this
    // one's teachers before it has finished describes them as it will once it has.
    RunModel model = RunModel.of(settings, data);
    model.write(settings.output());
    List<GenerationReport> generations = new ArrayList<>();
    List<EnsembleReport> ensembles = new ArrayList<>();
    List<StopReport> stops = new ArrayList<>();
    for (long seed : settings.seeds()) {
      say(
          settings,
          String.format(
              Locale.ROOT,
              "Seed %d: teacher and %s%d generations of %s%s%s, %d epochs each; checkpoints in %s",
              seed,
              settings.generationsWhileImproving() ? "up to " : "",
              settings.generations(),
              preset.name(),
              settings.generationsWhileImproving() ? " (while validation improves)" : "",
              settings.baseline() == BaselineChoice.INDEPENDENT
                  ? ", then their independent baselines"
                  : "",
              settings.epochs(),
              settings.checkpointDirectory(seed)));
      BornAgainResult result = train(settings, data, preset, seed);
      score(settings, data, result, seed, generations, ensembles);
      result.stop().ifPresent(stop -> stops.add(stopReport(settings, data, seed, stop)));
    }
    RunReport draft =
        new RunReport(
            data.dataset(),
            settings.model(),
            settings.loss().describe(settings.labelWeight(), settings.temperature()),
            data.metric(),
            settings.seeds(),
            ImmutableList.copyOf(generations),
            ImmutableList.copyOf(ensembles),
            ImmutableList.of(),
            ImmutableList.copyOf(stops),
            ImmutableSortedMap.copyOf(model.settings()));
    RunReport report =
        draft.withNotes(
            Stream.of(
                    Stream.of(context(settings, data)),
                    extraNotes.stream(),
                    (settings.teacherFrom().isPresent()
                            ? reusedTeachersNote(data.metric(), generations)
                            : List.<String>of())
                        .stream(),
                    chosenGenerationsNote(settings).stream(),
                    ReportNotes.of(draft).stream())
                .flatMap(s -> s)
                .toList());
    Files.createDirectories(settings.output());
    new ReportWriter().write(report, settings.output());
    return report;
  }

  /**
   * Checks that the settings' model preset takes the data's input.
   *
   * @param settings the settings
   * @param data the data
   * @return the preset
   * @throws IllegalArgumentException if the preset takes another input (images of another shape, or
   *     tokens)
   */
  public static ModelPreset checkCompatible(PipelineSettings settings, PreparedData data) {
    ModelPreset preset = ModelCatalogue.get(settings.model());
    checkArgument(
        preset.inputKind() == data.inputKind(),
        "model preset %s takes %s input but %s holds %s; pick a preset for %s (see 'ban models')",
        preset.name(),
        preset.inputKind(),
        data.dataset(),
        data.inputKind(),
        data.inputKind());
    return preset;
  }

  /**
   * Refuses validation and test sets whose input differs from the training set's (say a test file
   * of another geometry with the same byte count) before anything trains, not after.
   */
  private static void checkSameInput(PreparedData data) throws IOException {
    ImmutableList<Shape> training = BatchCheck.firstBatchShapes(data.train(), "training set");
    BatchCheck.of("validation set", training).checkFirstBatch(data.validation());
    BatchCheck.of("test set", training).checkFirstBatch(data.test());
  }

  /** Refuses to start over an earlier run's checkpoints unless resuming was asked for. */
  private static void refuseExistingCheckpoints(PipelineSettings settings) throws IOException {
    if (settings.resume()) {
      return;
    }
    for (long seed : settings.seeds()) {
      Path directory = settings.checkpointDirectory(seed);
      if (Files.isDirectory(directory)) {
        try (Stream<Path> entries = Files.list(directory)) {
          if (entries.anyMatch(p -> !p.getFileName().toString().equals(RunLock.FILE_NAME))) {
            throw new IllegalStateException(
                "the output directory "
                    + settings.output()
                    + " already holds checkpoints ("
                    + directory
                    + "): pass --resume to continue that run, or pick another --output");
          }
        }
      }
    }
  }

  private BornAgainResult train(
      PipelineSettings settings, PreparedData data, ModelPreset preset, long seed)
      throws IOException {
    int outputs = data.outputs();
    BornAgainBuilder builder =
        BornAgain.builder()
            .student(() -> preset.build(outputs))
            .generations(settings.generations())
            .loss(settings.loss().create(settings.labelWeight(), settings.temperature(), seed))
            .epochs(settings.epochs())
            .optimizer(settings.optimizer())
            .learningRateSchedule(schedule(settings))
            .seed(seed)
            .checkpointDirectory(settings.checkpointDirectory(seed));
    if (settings.teacherFrom().isPresent()) {
      // run() has checked that every seed's teacher is there.
      builder.pretrainedTeacher(
          PipelineSettings.teacherFile(settings.teacherFrom().get(), seed),
          () -> preset.build(outputs));
    }
    // Language models are compared on perplexity (the loss orders like it), classifiers on error.
    ValidationCriterion criterion =
        data.metric() == Metric.PERPLEXITY ? ValidationCriterion.LOSS : ValidationCriterion.ERROR;
    if (settings.generationsWhileImproving()) {
      builder.generationsWhileImproving(settings.generations(), criterion);
    }
    if (settings.quiet()) {
      builder.quiet();
    }
    listeners.forEach(builder::listener);
    if (settings.keep() == KeptEpoch.BEST_VALIDATION) {
      builder.keepBestValidationEpoch(criterion);
    }
    if (settings.baseline() == BaselineChoice.INDEPENDENT) {
      builder.independentBaselines();
    }
    return builder.train(data.train(), data.validation());
  }

  /**
   * Refuses teachers from a run of another model preset, when that run's report says which it was
   * (a run killed before its report has none; its parameters then fail to load if they differ).
   */
  private static void checkSameModel(Path runOutput, String model) throws IOException {
    Path report = runOutput.resolve(ReportWriter.JSON);
    if (!Files.isRegularFile(report)) {
      return;
    }
    String earlier;
    try {
      earlier =
          JsonParser.parseString(Files.readString(report, StandardCharsets.UTF_8))
              .getAsJsonObject()
              .get("model")
              .getAsString();
    } catch (RuntimeException e) {
      throw new IOException("cannot read the model preset from " + report, e);
    }
    checkArgument(
        earlier.equals(model),
        "the teachers in %s are %s networks (%s) but this run trains %s: reuse teachers of the same"
            + " model preset",
        runOutput,
        earlier,
        report,
        model);
  }

  /** Refuses a missing teacher of an earlier run, saying which run would provide it. */
  private static void checkTeacherExists(Path runOutput, long seed) {
    Path file = PipelineSettings.teacherFile(runOutput, seed);
    checkArgument(
        Files.isRegularFile(file),
        "no trained teacher for seed %s in %s (expected %s): run the same command without"
            + " --teacher-from and with --output %s first, with the same model, data and seeds",
        seed,
        runOutput,
        file,
        runOutput);
  }

  /** Scores every generation and ensemble of one seed's run on the test split. */
  private void score(
      PipelineSettings settings,
      PreparedData data,
      BornAgainResult result,
      long seed,
      List<GenerationReport> generations,
      List<EnsembleReport> ensembles)
      throws IOException {
    Metric metric = data.metric();
    say(
        settings,
        String.format(
            Locale.ROOT, "Seed %d: scoring every generation and ensemble on the test split", seed));
    List<Generation> networks = new ArrayList<>(result.generations());
    networks.addAll(result.independentNetworks());
    networks.addAll(result.independentDistilled());
    for (Generation generation : networks) {
      double test;
      try (EnsemblePredictor alone = result.ensembleOf(generation.index())) {
        test = value(metric, alone.evaluate(data.test(), "test set"));
      }
      // A reused teacher has no epochs: this run scored it on validation once.
      double validation =
          generation
              .lastEpoch()
              .map(e -> validationValue(metric, e))
              .or(
                  () ->
                      generation.pretrained()
                          ? result.pretrainedTeacherValidation().map(v -> value(metric, v))
                          : Optional.empty())
              .orElse(Double.NaN);
      List<EpochReport> epochs =
          generation.epochs().stream()
              .map(
                  e ->
                      new EpochReport(
                          e.epoch() + 1,
                          e.trainingLoss(),
                          validationValue(metric, e),
                          e.learningRate()))
              .toList();
      generations.add(
          GenerationReport.of(
              generation.name(), seed, generation.seed(), test, validation, epochs));
      say(
          settings,
          String.format(
              Locale.ROOT, "Seed %d, %s: test %s", seed, generation.name(), format(metric, test)));
    }
    int students = result.generations().size() - 1;
    for (int k = 2; k <= students; k++) {
      try (EnsemblePredictor ensemble = result.ensemble(k)) {
        ensembles.add(ensemble(settings, data, seed, "Ens*" + k, ensemble));
      }
    }
    // With the generations chosen per seed, one column holds every seed's whole ensemble.
    String all = settings.generationsWhileImproving() ? AUTO : String.valueOf(students);
    boolean baselines = !result.independentNetworks().isEmpty();
    // Beside the baselines every size of ensemble with the teacher meets its Ind*(k+1).
    for (int k = baselines ? 1 : students; k <= students; k++) {
      String size = k == students ? all : String.valueOf(k);
      try (EnsemblePredictor ensemble = result.ensembleWithTeacher(k)) {
        ensembles.add(
            ensemble(settings, data, seed, "Ens*" + size + WITH_TEACHER_SUFFIX, ensemble));
      }
    }
    for (int m = 2; baselines && m <= students + 1; m++) {
      String name =
          m == students + 1 && settings.generationsWhileImproving()
              ? "Ind*" + AUTO
              : IndependentBaselines.ensembleName(m);
      try (EnsemblePredictor ensemble = result.independentEnsemble(m)) {
        ensembles.add(ensemble(settings, data, seed, name, ensemble));
      }
    }
  }

  private StopReport stopReport(
      PipelineSettings settings, PreparedData data, long seed, GenerationStop stop) {
    say(settings, String.format(Locale.ROOT, "Seed %d: %s", seed, stop.describe()));
    // The rule compares losses for language models; the report speaks perplexity.
    double best =
        data.metric() == Metric.PERPLEXITY ? Math.exp(stop.bestValue()) : stop.bestValue();
    return new StopReport(seed, stop.lastTrained(), stop.best(), best, stop.describe());
  }

  /**
   * The reused teachers' validation values, which their (empty) learning curves cannot show; empty
   * when no teacher was scored on validation. {@link ReportMerge} recomputes it over every shard.
   */
  static List<String> reusedTeachersNote(Metric metric, List<GenerationReport> generations) {
    List<GenerationReport> teachers =
        generations.stream()
            .filter(g -> g.name().equals(Generation.nameOf(0)) && !Double.isNaN(g.validation()))
            .toList();
    if (teachers.isEmpty()) {
      return List.of();
    }
    return List.of(
        String.format(
            Locale.ROOT,
            REUSED_TEACHERS + " %s%s, scored by this run: %s (%s).",
            metric.label().toLowerCase(Locale.ROOT),
            metric.unit().isEmpty() ? "" : " (" + metric.unit() + ")",
            Summary.of(teachers.stream().map(GenerationReport::validation).toList()).format(),
            teachers.stream()
                .map(g -> String.format(Locale.ROOT, "seed %d: %.2f", g.runSeed(), g.validation()))
                .collect(Collectors.joining(", "))));
  }

  private static List<String> chosenGenerationsNote(PipelineSettings settings) {
    if (!settings.generationsWhileImproving()) {
      return List.of();
    }
    return List.of(
        String.format(
            Locale.ROOT,
            "Generations chosen on validation (--generations auto, at most %d): each seed trained"
                + " another student while the last one beat the best validation value so far,"
                + " teacher included (where each stopped is listed above the notes); a column"
                + " reached by fewer seeds says so, and its differences pair those seeds only."
                + " Ens*auto+T averages the teacher and every student its seed trained.",
            settings.generations()));
  }

  private EnsembleReport ensemble(
      PipelineSettings settings,
      PreparedData data,
      long seed,
      String name,
      EnsemblePredictor ensemble)
      throws IOException {
    double test = value(data.metric(), ensemble.evaluate(data.test(), "test set"));
    say(
        settings,
        String.format(
            Locale.ROOT,
            "Seed %d, %s %s: test %s",
            seed,
            name,
            ensemble.memberNames(),
            format(data.metric(), test)));
    return new EnsembleReport(name, seed, ensemble.memberNames(), test);
  }

  private static double value(Metric metric, EvaluationResult result) {
    return metric == Metric.PERPLEXITY ? result.perplexity() : result.errorPercent();
  }

  private static double validationValue(Metric metric, EpochMetrics epoch) {
    return metric == Metric.PERPLEXITY
        ? epoch.validationPerplexity()
        : epoch.validationErrorPercent();
  }

  private static String format(Metric metric, double value) {
    return String.format(
        Locale.ROOT, "%s %.2f%s", metric.label().toLowerCase(Locale.ROOT), value, metric.unit());
  }

  private static String context(PipelineSettings settings, PreparedData data) {
    return String.format(
            Locale.ROOT,
            "%s. Every generation: %d epoch%s, batch %d, SGD lr %s (momentum %s%s, weight decay %s%s),"
                + " %s; %s"
                + STUDENTS_WITH
                + "%s.",
            data.description(),
            settings.epochs(),
            settings.epochs() == 1 ? "" : "s",
            settings.batchSize(),
            settings.optimizer().learningRate(),
            settings.optimizer().momentum(),
            settings.optimizer().nesterov() ? ", Nesterov" : "",
            settings.optimizer().weightDecay(),
            settings.optimizer().clipsGradients()
                ? ", gradient norm clipped to " + settings.optimizer().maxGradientNorm()
                : "",
            schedule(settings).effective(settings.optimizer().learningRate(), settings.epochs()),
            settings
                .teacherFrom()
                .map(dir -> TEACHERS_REUSED_FROM + dir)
                .orElse("the teacher learns from the labels"),
            settings.loss().describe(settings.labelWeight(), settings.temperature()))
        + (settings.baseline() == BaselineChoice.INDEPENDENT
            ? " Equal-compute baselines: Ind-2.. are networks of the teacher's recipe trained on"
                + " the labels alone from seeds of their own (the teacher is Ind-1); Ind*m averages"
                + " the probabilities of m of them, as Ens*(m-1)+T averages m networks; KD(Ind*k)"
                + " is one network distilled from Ind*k with the students' loss, k + 1 networks"
                + " trained as for BAN-k."
            : "");
  }

  /**
   * Every setting the numbers depend on except the seeds, by name, for the report: runs of other
   * seeds can be merged into one report only where all of them agree ({@link ReportMerge}).
   */
  static ImmutableSortedMap<String, String> recordedSettings(
      PipelineSettings settings, PreparedData data) {
    Map<String, String> fields = new TreeMap<>();
    fields.put("data", data.description());
    fields.put("model", settings.model());
    fields.put("loss", settings.loss().describe(settings.labelWeight(), settings.temperature()));
    fields.put(
        "generations",
        settings.generationsWhileImproving()
            ? "auto, at most " + settings.generations()
            : String.valueOf(settings.generations()));
    fields.put("epochs", String.valueOf(settings.epochs()));
    fields.put(
        "schedule",
        schedule(settings).effective(settings.optimizer().learningRate(), settings.epochs()));
    fields.put("optimizer", settings.optimizer().toString());
    fields.put("batchSize", String.valueOf(settings.batchSize()));
    fields.put("trainSubset", String.valueOf(settings.trainSubset()));
    fields.put("evalSubset", String.valueOf(settings.evalSubset()));
    fields.put("labelNoise", String.valueOf(settings.labelNoise()));
    fields.put("keep", settings.keep().name());
    fields.put("baseline", settings.baseline().cliName());
    fields.put(
        "teacherFrom",
        settings.teacherFrom().map(BornAgainPipeline::describeTeachers).orElse("none"));
    return ImmutableSortedMap.copyOf(fields);
  }

  /**
   * Describes reused teachers by the settings of the run that trained them, not by its path: shards
   * of a study whose teachers come from the matching shards of one teacher run still agree, while
   * teachers of another recipe do not. The settings come from the run's report or, while it is
   * still training students after its teachers, from its {@code model.json}; a run recording
   * neither is known by its path only.
   */
  private static String describeTeachers(Path run) {
    Map<String, String> settings = Map.of();
    try {
      settings = new JsonReportReader().read(run.resolve(ReportWriter.JSON)).settings();
    } catch (IOException e) {
      // No readable report: the run may still be training; its model.json records the same.
    }
    if (settings.isEmpty()) {
      try {
        settings = RunModel.read(run).settings();
      } catch (IOException e) {
        // Neither file: fall through to the path.
      }
    }
    return settings.isEmpty() ? run.toString() : "the teachers of a run with " + settings;
  }

  private static LearningRateSchedule schedule(PipelineSettings settings) {
    return settings.schedule().create().withWarmUp(settings.warmUpEpochs());
  }

  private void say(PipelineSettings settings, String message) {
    if (!settings.quiet()) {
      log.println(message);
      log.flush();
    }
  }
}
