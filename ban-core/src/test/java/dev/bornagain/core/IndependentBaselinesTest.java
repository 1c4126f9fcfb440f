package dev.bornagain.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.dataset.ArrayDataset;
import dev.bornagain.core.CheckpointResumeTest.CrashAfter;
import dev.bornagain.core.CheckpointResumeTest.Starts;
import dev.bornagain.core.checkpoint.CheckpointDirectory;
import dev.bornagain.core.ensemble.EnsemblePredictor;
import dev.bornagain.core.listen.BornAgainListenerAdapter;
import dev.bornagain.core.listen.GenerationPlan;
import dev.bornagain.losses.DistillationBatch;
import dev.bornagain.losses.DistillationLoss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The equal-compute baselines: Ind-m networks on the labels, Ind*m ensembles, KD(Ind*m). */
final class IndependentBaselinesTest {

  private static final int SAMPLES = 256;

  private static NDManager manager;

  @TempDir Path temp;

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private static ArrayDataset training() {
    return BoringModel.data(manager, SAMPLES, 1, true);
  }

  private static ArrayDataset validation() {
    return BoringModel.data(manager, 64, 2, false);
  }

  /** The resume scenario (teacher, BAN-1, BAN-2) with its baselines. */
  private static BornAgainBuilder withBaselines(Path checkpoints) {
    return ResumeScenario.builder(checkpoints).independentBaselines();
  }

  /**
   * A KD loss that records, for each generation, the teacher probabilities of the first batch it
   * saw and how many label-only batches it trained.
   */
  static final class RecordingKd extends DistillationLoss {
    final Map<String, float[]> firstTeacherProbabilities = new HashMap<>();
    final Map<String, Integer> labelBatches = new HashMap<>();
    String generation = "";

    RecordingKd() {
      super("RecordingKd");
    }

    @Override
    protected NDArray distill(DistillationBatch batch) {
      firstTeacherProbabilities.computeIfAbsent(
          generation, g -> batch.teacherProbabilities().toFloatArray());
      return batch.softCrossEntropy(batch.teacherProbabilities()).mean();
    }

    @Override
    protected NDArray labelsOnly(DistillationBatch batch) {
      labelBatches.merge(generation, 1, Integer::sum);
      return super.labelsOnly(batch);
    }

    BornAgainListenerAdapter tracker() {
      return new BornAgainListenerAdapter() {
        @Override
        public void onGenerationStart(GenerationPlan plan) {
          generation = plan.name();
        }
      };
    }
  }

  @Test
  void baselines_oneIndependentNetworkPerStudentAndOneDistilledPerLaterStudent() throws Exception {
    RecordingKd loss = new RecordingKd();
    BornAgainResult result =
        withBaselines(temp.resolve("run"))
            .loss(loss)
            .listener(loss.tracker())
            .train(training(), validation());

    assertThat(result.independentNetworks())
        .extracting(Generation::name)
        .containsExactly("Ind-2", "Ind-3");
    assertThat(result.independentDistilled())
        .extracting(Generation::name)
        .containsExactly("KD(Ind*2)");
    // Ind-m learn from the labels only, with the teacher's loss; KD(Ind*2) from a teacher only.
    assertThat(loss.labelBatches).containsOnlyKeys("teacher", "Ind-2", "Ind-3");
    assertThat(loss.labelBatches.get("Ind-2")).isEqualTo(loss.labelBatches.get("teacher"));
    assertThat(loss.firstTeacherProbabilities).containsOnlyKeys("BAN-1", "BAN-2", "KD(Ind*2)");
    // Every network trained its full schedule.
    Stream.concat(result.independentNetworks().stream(), result.independentDistilled().stream())
        .forEach(g -> assertThat(g.epochs()).as(g.name()).hasSize(ResumeScenario.EPOCHS));
  }

  @Test
  void baselines_seedsDifferFromEveryGenerationsAndFromEachOther() throws Exception {
    BornAgainResult result = withBaselines(temp.resolve("run")).train(training(), validation());

    List<Generation> all = new ArrayList<>(result.generations());
    all.addAll(result.independentNetworks());
    all.addAll(result.independentDistilled());
    assertThat(all).extracting(Generation::seed).doesNotHaveDuplicates().hasSize(6);
    assertThat(all).extracting(Generation::index).doesNotHaveDuplicates();
    // The same seed would give the teacher's parameters bit for bit: these are other networks.
    byte[] teacher = Files.readAllBytes(result.teacher().parametersFile().orElseThrow());
    for (Generation network : result.independentNetworks()) {
      assertThat(Files.readAllBytes(network.parametersFile().orElseThrow()))
          .as(network.name())
          .isNotEqualTo(teacher);
    }
  }

  @Test
  void independentEnsemble_isTheMeanOfTheMembersProbabilities() throws Exception {
    BornAgainResult result = withBaselines(temp.resolve("run")).train(training(), validation());
    NDList input = new NDList(BoringModel.arrays(manager, 16, 9)[0]);

    NDArray sum = null;
    for (int index :
        new int[] {
          result.teacher().index(),
          result.independentNetworks().get(0).index(),
          result.independentNetworks().get(1).index()
        }) {
      try (EnsemblePredictor alone = result.ensembleOf(index)) {
        NDArray p = alone.predictProbabilities(input);
        sum = sum == null ? p : sum.add(p);
      }
    }
    try (EnsemblePredictor ind3 = result.independentEnsemble(3)) {
      assertThat(ind3.memberNames()).containsExactly("teacher", "Ind-2", "Ind-3");
      float[] expected = sum.div(3).toFloatArray();
      float[] actual = ind3.predictProbabilities(input).toFloatArray();
      for (int i = 0; i < expected.length; i++) {
        assertThat(actual[i]).as("entry %s", i).isCloseTo(expected[i], within(1e-6f));
      }
    }
    assertThatThrownBy(() -> result.independentEnsemble(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Ind-2..Ind-3");
  }

  @Test
  void distilledBaseline_learnsFromTheIndependentEnsembleOfItsSize() throws Exception {
    RecordingKd loss = new RecordingKd();
    // Unshuffled, so that the first batch of KD(Ind*2) is the first 32 samples.
    NDArray[] arrays = BoringModel.arrays(manager, SAMPLES, 1);
    ArrayDataset ordered =
        new ArrayDataset.Builder()
            .setData(arrays[0])
            .optLabels(arrays[1])
            .setSampling(BoringModel.BATCH_SIZE, false)
            .build();
    BornAgainResult result =
        withBaselines(temp.resolve("run"))
            .loss(loss)
            .listener(loss.tracker())
            .train(ordered, validation());

    NDList firstBatch = new NDList(arrays[0].get(new NDIndex("0:{}", BoringModel.BATCH_SIZE)));
    try (EnsemblePredictor ind2 = result.independentEnsemble(2)) {
      float[] expected = ind2.predictProbabilities(firstBatch).toFloatArray();
      float[] seen = loss.firstTeacherProbabilities.get("KD(Ind*2)");
      assertThat(seen).hasSameSizeAs(expected);
      for (int i = 0; i < expected.length; i++) {
        assertThat(seen[i]).as("entry %s", i).isCloseTo(expected[i], within(1e-6f));
      }
    }
  }

  @Test
  void resume_killedDuringABaselineNetwork_matchesTheUninterruptedRun() throws Exception {
    Path uninterrupted = temp.resolve("uninterrupted");
    BornAgainResult reference = withBaselines(uninterrupted).train(training(), validation());
    int ind3 = reference.independentNetworks().get(1).index();
    int kd2 = reference.independentDistilled().get(0).index();

    Path crashed = temp.resolve("crashed");
    assertThatThrownBy(
            () ->
                withBaselines(crashed)
                    .listener(new CrashAfter(ind3, 1))
                    .train(training(), validation()))
        .hasMessageContaining("simulated crash");
    Starts starts = new Starts();
    BornAgainResult resumed =
        withBaselines(crashed).listener(starts).train(training(), validation());

    assertThat(starts.plans).extracting(GenerationPlan::name).containsExactly("Ind-3", "KD(Ind*2)");
    assertThat(starts.plans.get(0).firstEpoch()).isEqualTo(2);
    for (int index = 0; index <= kd2; index++) {
      Path file = CheckpointDirectory.finishedParameters(uninterrupted, index);
      if (Files.exists(file)) {
        assertThat(Files.readAllBytes(CheckpointDirectory.finishedParameters(crashed, index)))
            .as("generation-%s", index)
            .isEqualTo(Files.readAllBytes(file));
      }
    }
    assertThat(resumed.independentDistilled().get(0).epochs())
        .extracting(e -> e.trainingLoss())
        .isEqualTo(
            reference.independentDistilled().get(0).epochs().stream()
                .map(e -> e.trainingLoss())
                .toList());
  }

  @Test
  void resume_refusesAChangedBaselineSetting() throws Exception {
    Path crashed = temp.resolve("crashed");
    assertThatThrownBy(
            () ->
                withBaselines(crashed)
                    .listener(new CrashAfter(1, 0))
                    .train(training(), validation()))
        .hasMessageContaining("simulated crash");

    assertThatThrownBy(() -> ResumeScenario.builder(crashed).train(training(), validation()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("baselines");

    Path plain = temp.resolve("plain");
    assertThatThrownBy(
            () ->
                ResumeScenario.builder(plain)
                    .listener(new CrashAfter(1, 0))
                    .train(training(), validation()))
        .hasMessageContaining("simulated crash");
    assertThatThrownBy(() -> withBaselines(plain).train(training(), validation()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("baselines");
  }
}
