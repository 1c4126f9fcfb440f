package dev.bornagain.core;

import static dev.bornagain.core.BoringModel.trainingLosses;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.util.PairList;
import com.google.common.collect.ImmutableList;
import dev.bornagain.core.data.RepeatableDataset;
import dev.bornagain.core.ensemble.EnsemblePredictor;
import dev.bornagain.core.listen.BatchProgress;
import dev.bornagain.core.listen.BornAgainListener;
import dev.bornagain.core.listen.ConsoleProgressListener;
import dev.bornagain.core.listen.EpochMetrics;
import dev.bornagain.core.listen.GenerationPlan;
import dev.bornagain.core.train.EvaluationResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

final class FeaturesTest {

  @RegisterExtension static final BoringModel.Sets sets = new BoringModel.Sets(256, 96);

  @TempDir Path temp;

  private static BornAgainBuilder tiny() {
    return BornAgainTest.tiny(new BornAgainTest.CountingKd()).epochs(2);
  }

  /** The MLP counting its inference-mode forward passes (the teacher's, without validation). */
  static final class CountingMlp extends SequentialBlock {
    private final AtomicInteger inferenceCalls;

    CountingMlp(AtomicInteger inferenceCalls) {
      this.inferenceCalls = inferenceCalls;
      BoringModel.mlpInto(this, 32, BoringModel.CLASSES);
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      if (!training) {
        inferenceCalls.incrementAndGet();
      }
      return super.forwardInternal(store, inputs, training, params);
    }
  }

  @Test
  void cachedTeacherOutputs_areComputedOnceAndGiveTheSameTraining() throws Exception {
    try (NDManager scope = NDManager.newBaseManager()) {
      ArrayDataset fixed = repeatable(scope);
      AtomicInteger liveCalls = new AtomicInteger();
      BornAgainResult live =
          tiny().generations(1).epochs(3).student(() -> new CountingMlp(liveCalls)).train(fixed);
      AtomicInteger cachedCalls = new AtomicInteger();
      BornAgainResult cached =
          tiny()
              .generations(1)
              .epochs(3)
              .student(() -> new CountingMlp(cachedCalls))
              .cacheTeacherOutputs()
              .train(fixed);
      // 8 batches: the live teacher runs every epoch, the cached one in the first epoch only;
      // before training, the probe runs each of the two generations once on the first batch.
      assertThat(liveCalls.get()).isEqualTo(3 * 8 + 2);
      assertThat(cachedCalls.get()).isEqualTo(8 + 2);
      assertThat(trainingLosses(cached)).isEqualTo(trainingLosses(live));
    }
  }

  private static ArrayDataset repeatable(NDManager scope) {
    NDArray[] arrays = BoringModel.arrays(scope, 256, 1);
    return new RepeatableArrayDataset(
        new ArrayDataset.Builder().setData(arrays[0]).optLabels(arrays[1]).setSampling(32, false));
  }

  /** Same batches, same order, no augmentation: caching teacher outputs is allowed. */
  static final class RepeatableArrayDataset extends ArrayDataset implements RepeatableDataset {
    RepeatableArrayDataset(ArrayDataset.Builder builder) {
      super(builder);
    }
  }

  @Test
  void pretrainedTeacher_skipsGenerationZero() throws Exception {
    Path first = temp.resolve("first");
    tiny().generations(1).checkpointDirectory(first).train(sets.training(), sets.validation());
    Path teacherFile = first.resolve("generation-0/final.parameters");
    Recorder recorder = new Recorder();
    BornAgainResult result =
        tiny()
            .generations(1)
            .pretrainedTeacher(teacherFile, BoringModel::mlp)
            .listener(recorder)
            .train(sets.training(), sets.validation());
    assertThat(result.teacher().pretrained()).isTrue();
    assertThat(result.teacher().epochs()).isEmpty();
    assertThat(result.teacher().parametersFile()).contains(teacherFile);
    assertThat(recorder.starts).extracting(GenerationPlan::name).containsExactly("BAN-1");
    assertThat(result.generation(1).epochs()).hasSize(2);
  }

  @Test
  void pretrainedTeacher_acceptsAFileWrittenByDjlModelSave() throws Exception {
    Path first = temp.resolve("first");
    BornAgainResult original =
        tiny().generations(1).checkpointDirectory(first).train(sets.training(), sets.validation());
    Path modelDirectory = temp.resolve("djl-model");
    try (Model model = Model.newInstance("teacher")) {
      Block block = BoringModel.mlp();
      model.setBlock(block);
      block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(32, BoringModel.FEATURES));
      original.teacher().parameters().loadInto(block, model.getNDManager());
      model.save(modelDirectory, "teacher");
    }
    Path teacherFile = modelDirectory.resolve("teacher-0000.params");

    BornAgainResult result =
        tiny()
            .generations(1)
            .pretrainedTeacher(teacherFile, BoringModel::mlp)
            .train(sets.training(), sets.validation());

    assertThat(result.teacher().parametersFile()).contains(teacherFile);
    try (EnsemblePredictor before = original.ensembleOf(0);
        EnsemblePredictor after = result.ensembleOf(0)) {
      assertThat(after.evaluate(sets.validation())).isEqualTo(before.evaluate(sets.validation()));
    }
    // BAN-1 learnt from the same teacher as in the first run.
    assertThat(trainingLosses(result)).isEqualTo(trainingLosses(original).subList(2, 4));
  }

  @Test
  void heterogeneousStudents_andDistilledEnsemble_trainAndEnsemble() throws Exception {
    BornAgainResult result =
        tiny()
            .teacher(() -> BoringModel.mlp(48, BoringModel.CLASSES))
            .studentPerGeneration(k -> BoringModel.mlp(16 * k, BoringModel.CLASSES))
            .distilEnsembleInto(() -> BoringModel.mlp(24, BoringModel.CLASSES))
            .train(sets.training(), sets.validation());
    Generation distilled = result.distilled().orElseThrow();
    assertThat(distilled.name()).isEqualTo(Generation.DISTILLED_NAME);
    assertThat(distilled.epochs()).hasSize(2);
    assertThat(distilled.seed())
        .isNotIn(result.generations().stream().map(Generation::seed).toList());
    try (EnsemblePredictor all =
        result.ensemble(List.of("teacher", "BAN-1", "BAN-2", Generation.DISTILLED_NAME))) {
      EvaluationResult score = all.evaluate(sets.validation());
      assertThat(score.errorPercent()).isLessThan(20.0);
    }
  }

  @Test
  void ensemble_savesAndLoadsAsOneUnit() throws Exception {
    BornAgainResult result = tiny().train(sets.training(), sets.validation());
    Path saved = temp.resolve("ens");
    try (NDManager scope = NDManager.newBaseManager()) {
      NDList input = new NDList(scope.randomNormal(new Shape(8, BoringModel.FEATURES)));
      float[] before;
      try (EnsemblePredictor ens = result.ensemble(2)) {
        before = ens.predictProbabilities(input).toFloatArray();
        ens.save(saved);
      }
      assertThat(saved.resolve("ensemble.json")).exists();
      try (EnsemblePredictor loaded =
          EnsemblePredictor.load(saved, name -> BoringModel.mlp(), scope.getDevice())) {
        assertThat(loaded.memberNames()).containsExactly("BAN-1", "BAN-2");
        assertThat(loaded.predictProbabilities(input).toFloatArray()).isEqualTo(before);
      }
    }
  }

  /** Records every event. */
  static final class Recorder implements BornAgainListener {
    final List<GenerationPlan> starts = new ArrayList<>();
    final List<GenerationPlan> ends = new ArrayList<>();
    final List<EpochMetrics> epochs = new ArrayList<>();
    final List<BatchProgress> batches = new ArrayList<>();

    @Override
    public void onGenerationStart(GenerationPlan plan) {
      starts.add(plan);
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
      epochs.add(metrics);
    }

    @Override
    public void onBatch(BatchProgress progress) {
      batches.add(progress);
    }

    @Override
    public void onGenerationEnd(GenerationPlan plan, ImmutableList<EpochMetrics> epochs) {
      ends.add(plan);
    }
  }

  @Test
  void listeners_receiveEveryEvent_andConsoleDrawsOnlyBars() throws Exception {
    Recorder recorder = new Recorder();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    BornAgainResult result =
        tiny()
            .listener(recorder)
            .listener(
                new ConsoleProgressListener(new PrintStream(console, true, StandardCharsets.UTF_8)))
            .train(sets.training(), sets.validation());
    assertThat(recorder.starts)
        .extracting(GenerationPlan::name)
        .containsExactly("teacher", "BAN-1", "BAN-2");
    assertThat(recorder.ends).hasSize(3);
    assertThat(recorder.epochs).hasSize(3 * 2);
    assertThat(recorder.batches).hasSize(3 * 2 * 8);
    assertThat(recorder.batches).allSatisfy(b -> assertThat(b.batches()).isEqualTo(8));
    assertThat(recorder.starts)
        .extracting(GenerationPlan::seed)
        .containsExactlyElementsOf(result.generations().stream().map(Generation::seed).toList());
    String printed = console.toString(StandardCharsets.UTF_8);
    // The bars carry the epoch's name; the text lines are SLF4J's, not the console listener's.
    assertThat(printed).contains("BAN-2 epoch 2").doesNotContain("BAN-2 done");
  }

  @Test
  void checkpointDirectory_holdsManifestAndFinalParameters() throws Exception {
    Path dir = temp.resolve("run");
    BornAgainResult result =
        tiny().checkpointDirectory(dir).train(sets.training(), sets.validation());
    assertThat(dir.resolve("manifest.json")).exists();
    for (Generation g : result.generations()) {
      assertThat(g.parametersFile())
          .contains(dir.resolve("generation-" + g.index()).resolve("final.parameters"));
    }
    // No epoch directory or temporary file is left behind once generations finish.
    try (var files = Files.walk(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith("epoch-") || name.startsWith(".tmp"));
    }
  }
}
