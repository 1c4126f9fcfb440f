package dev.bornagain.core;

import static dev.bornagain.core.BoringModel.trainingLosses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import dev.bornagain.core.ensemble.EnsemblePredictor;
import dev.bornagain.core.listen.EpochMetrics;
import dev.bornagain.core.optim.LearningRateSchedule;
import dev.bornagain.core.optim.SgdSettings;
import dev.bornagain.core.train.EvaluationResult;
import dev.bornagain.losses.DistillationBatch;
import dev.bornagain.losses.DistillationLoss;
import dev.bornagain.losses.DistillationLosses;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

final class BornAgainTest {

  @RegisterExtension static final BoringModel.Sets sets = new BoringModel.Sets(256, 96);

  /** BAN's KD written in the test: the cross-entropy of the student against the teacher. */
  static final class CountingKd extends DistillationLoss {
    final AtomicInteger distillCalls = new AtomicInteger();
    final AtomicInteger labelCalls = new AtomicInteger();

    CountingKd() {
      super("CountingKd");
    }

    @Override
    protected NDArray distill(DistillationBatch batch) {
      distillCalls.incrementAndGet();
      return batch.softCrossEntropy(batch.teacherProbabilities()).mean();
    }

    @Override
    protected NDArray labelsOnly(DistillationBatch batch) {
      labelCalls.incrementAndGet();
      return super.labelsOnly(batch);
    }
  }

  static BornAgainBuilder tiny(DistillationLoss loss) {
    return BornAgain.builder()
        .student(BoringModel::mlp)
        .generations(2)
        .loss(loss)
        .epochs(3)
        .optimizer(new SgdSettings(0.1f, 0.9f, true, 5e-4f))
        .learningRateSchedule(LearningRateSchedule.wideResNet())
        .seed(7)
        .quiet();
  }

  @Test
  void train_runsTeacherAndStudentsWithTheCustomLoss() throws Exception {
    CountingKd loss = new CountingKd();
    BornAgainResult result = tiny(loss).train(sets.training(), sets.validation());

    assertThat(result.generations())
        .extracting(Generation::name)
        .containsExactly("teacher", "BAN-1", "BAN-2");
    assertThat(result.generations()).allSatisfy(g -> assertThat(g.epochs()).hasSize(3));
    // 8 batches per epoch, 3 epochs, 2 students: every student batch went through distill().
    assertThat(loss.distillCalls.get()).isEqualTo(2 * 3 * 8);
    // The teacher trained on the labels-only path of the same loss.
    assertThat(loss.labelCalls.get()).isEqualTo(3 * 8);
    EpochMetrics last = result.generation(2).lastEpoch().orElseThrow();
    assertThat(last.validationErrorPercent()).isLessThan(20.0);
    EpochMetrics best = result.generation(2).bestValidationEpoch().orElseThrow();
    assertThat(best.validationErrorPercent()).isLessThanOrEqualTo(last.validationErrorPercent());
  }

  @Test
  void train_worksWithTheLibraryBanLoss() throws Exception {
    BornAgainResult result =
        tiny(DistillationLosses.ban()).train(sets.training(), sets.validation());
    assertThat(result.configuration().get("loss")).isEqualTo("BAN");
    assertThat(result.generation(1).lastEpoch().orElseThrow().validationErrorPercent())
        .isLessThan(20.0);
  }

  @Test
  void train_recordsDistinctSeeds() throws Exception {
    BornAgainResult result = tiny(new CountingKd()).train(sets.training(), sets.validation());
    List<Long> seeds = result.generations().stream().map(Generation::seed).toList();
    assertThat(seeds).doesNotHaveDuplicates().hasSize(3);
    assertThat(result.baseSeed()).isEqualTo(7);
  }

  @Test
  void train_sameSeedTwiceGivesIdenticalLosses_otherSeedDiffers() throws Exception {
    BornAgainResult first = tiny(new CountingKd()).train(sets.training(), sets.validation());
    BornAgainResult second = tiny(new CountingKd()).train(sets.training(), sets.validation());
    BornAgainResult other =
        tiny(new CountingKd()).seed(8).train(sets.training(), sets.validation());
    assertThat(trainingLosses(second)).isEqualTo(trainingLosses(first));
    assertThat(trainingLosses(other)).isNotEqualTo(trainingLosses(first));
  }

  @Test
  void ensemble_equalsMeanOfMembersSoftmax() throws Exception {
    BornAgainResult result = tiny(new CountingKd()).train(sets.training(), sets.validation());
    try (NDManager scope = NDManager.newBaseManager()) {
      NDArray x = BoringModel.data(scope, 16, 3, false).get(scope, 0).getData().head();
      x = scope.randomNormal(new Shape(16, BoringModel.FEATURES));
      NDList input = new NDList(x);
      NDArray expected =
          softmaxOf(result.generation(1), result, scope, input)
              .add(softmaxOf(result.generation(2), result, scope, input))
              .div(2);
      try (EnsemblePredictor ens2 = result.ensemble(2)) {
        assertThat(ens2.memberNames()).containsExactly("BAN-1", "BAN-2");
        NDArray actual = ens2.predictProbabilities(input);
        assertThat(actual.getShape()).isEqualTo(new Shape(16, BoringModel.CLASSES));
        assertThat(actual.sub(expected).abs().max().getFloat()).isLessThan(1e-6f);
      }
      try (EnsemblePredictor withTeacher = result.ensembleWithTeacher(2)) {
        assertThat(withTeacher.memberNames()).containsExactly("teacher", "BAN-1", "BAN-2");
      }
      try (EnsemblePredictor byName = result.ensemble(List.of("teacher", "BAN-2"))) {
        assertThat(byName.memberNames()).containsExactly("teacher", "BAN-2");
        EvaluationResult score = byName.evaluate(sets.validation());
        assertThat(score.samples()).isEqualTo(96);
        assertThat(score.errorPercent()).isBetween(0.0, 100.0);
      }
    }
  }

  /** A member's softmax computed without the ensemble code: a fresh block and a plain forward. */
  private static NDArray softmaxOf(
      Generation generation, BornAgainResult result, NDManager scope, NDList input)
      throws Exception {
    Block block = BoringModel.mlp();
    block.initialize(scope, DataType.FLOAT32, result.inputShapes().toArray(new Shape[0]));
    generation.parameters().loadInto(block, scope);
    NDArray logits = block.forward(new ParameterStore(scope, false), input, false).head();
    return logits.softmax(1);
  }

  @Test
  void builder_rejectsBadConfiguration() {
    assertThatThrownBy(() -> BornAgain.builder().generations(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("generations must be >= 1 but was 0");
    assertThatThrownBy(() -> BornAgain.builder().loss(new CountingKd()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no student");
    assertThatThrownBy(() -> BornAgain.builder().student(BoringModel::mlp).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no loss");
    assertThatThrownBy(() -> BornAgain.builder().epochs(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epochs must be >= 1 but was 0");
  }

  @Test
  void gradientClipping_isInertAboveEveryNormAndSlowsLearningBelow() throws Exception {
    SgdSettings sgd = new SgdSettings(0.1f, 0.9f, true, 5e-4f);
    List<Double> plain =
        trainingLosses(tiny(DistillationLosses.ban()).optimizer(sgd).train(sets.training()));
    List<Double> loose =
        trainingLosses(
            tiny(DistillationLosses.ban())
                .optimizer(sgd.withMaxGradientNorm(1e6f))
                .train(sets.training()));
    List<Double> tight =
        trainingLosses(
            tiny(DistillationLosses.ban())
                .optimizer(sgd.withMaxGradientNorm(1e-3f))
                .train(sets.training()));

    assertThat(loose).isEqualTo(plain); // the same seed, and no step was clipped
    // Steps of length at most lr * 1e-3 leave the teacher near its initial loss.
    assertThat(tight.get(2)).isGreaterThan(plain.get(2) + 0.1);
  }

  @Test
  void builder_refusesGradientClippingOnSeveralDevices() {
    BornAgainBuilder builder =
        tiny(DistillationLosses.ban())
            .optimizer(SgdSettings.plain(1f).withMaxGradientNorm(0.25f))
            .devices(Device.cpu(), Device.of("cpu", 1));
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gradient clipping needs one training device but 2 were given");
  }

  @Test
  void train_rejectsEmptyDataset() {
    try (NDManager scope = NDManager.newBaseManager()) {
      ArrayDataset empty =
          new ArrayDataset.Builder()
              .setData(scope.zeros(new Shape(0, BoringModel.FEATURES)))
              .optLabels(scope.zeros(new Shape(0)))
              .setSampling(32, false)
              .build();
      assertThatThrownBy(() -> tiny(new CountingKd()).train(empty, sets.validation()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("empty");
    }
  }

  @Test
  void train_rejectsTeacherAndStudentWithDifferentClassCounts() {
    BornAgainBuilder builder =
        tiny(new CountingKd()).studentPerGeneration(k -> BoringModel.mlp(k == 0 ? 3 : 4));
    assertThatThrownBy(() -> builder.train(sets.training(), sets.validation()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(32, 3)")
        .hasMessageContaining("(32, 4)");
  }

  @Test
  void train_refusesCacheOnRandomPipeline() {
    assertThatThrownBy(() -> tiny(new CountingKd()).cacheTeacherOutputs().train(sets.training()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RepeatableDataset");
  }
}
