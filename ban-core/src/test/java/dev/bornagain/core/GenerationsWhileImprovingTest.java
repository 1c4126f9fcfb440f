package dev.bornagain.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import dev.bornagain.core.ensemble.EnsemblePredictor;
import dev.bornagain.core.listen.EpochMetrics;
import dev.bornagain.core.optim.LearningRateSchedule;
import dev.bornagain.core.optim.SgdSettings;
import dev.bornagain.losses.DistillationBatch;
import dev.bornagain.losses.DistillationLoss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generationsWhileImproving}: the rule on its own, then whole runs whose outcome is forced
 * by the losses (a network whose loss is scaled to almost zero stays as initialised, so it is far
 * worse on validation than one trained on the labels).
 */
final class GenerationsWhileImprovingTest {

  private static final GenerationsWhileImproving UP_TO_3 =
      new GenerationsWhileImproving(3, ValidationCriterion.ERROR);

  @RegisterExtension static final BoringModel.Sets sets = new BoringModel.Sets(256, 96);

  @TempDir Path temp;

  @Test
  void rule_continuesWhileEachStudentBeatsTheBestSoFar() {
    assertThat(UP_TO_3.after(List.of(10.0, 9.0))).isEmpty();
    assertThat(UP_TO_3.after(List.of(10.0, 9.0, 8.5))).isEmpty();
    // BAN-2 beats the teacher, the best so far (BAN-1 was worse than both).
    assertThat(UP_TO_3.after(List.of(10.0, 11.0, 9.5))).isEmpty();
  }

  @Test
  void rule_stopsAtTheFirstStudentThatDoesNotImprove_namingTheBest() {
    GenerationStop stop = UP_TO_3.after(List.of(10.0, 9.0, 9.5)).orElseThrow();
    assertThat(stop.studentsTrained()).isEqualTo(2);
    assertThat(stop.lastTrained()).isEqualTo("BAN-2");
    assertThat(stop.best()).isEqualTo("BAN-1");
    assertThat(stop.bestValue()).isEqualTo(9.0);
    assertThat(stop.reachedMaximum()).isFalse();
    assertThat(stop.describe())
        .isEqualTo(
            "stopped after BAN-2: its validation error 9.50% did not improve on the best so far,"
                + " BAN-1's 9.00%");
  }

  @Test
  void rule_comparesWithTheBestSoFar_notTheLastStudent() {
    // BAN-2 improves on BAN-1 but not on the teacher: it does not count as an improvement (a rule
    // comparing with the last student would train BAN-3).
    GenerationStop stop = UP_TO_3.after(List.of(8.0, 9.0, 8.5)).orElseThrow();
    assertThat(stop.best()).isEqualTo("teacher");
    assertThat(stop.bestValue()).isEqualTo(8.0);
    assertThat(stop.lastTrained()).isEqualTo("BAN-2");
    assertThat(stop.lastValue()).isEqualTo(8.5);
    assertThat(stop.studentsTrained()).isEqualTo(2);
    assertThat(UP_TO_3.after(List.of(8.0, 7.0, 7.5)).orElseThrow().best()).isEqualTo("BAN-1");
  }

  @Test
  void rule_aTieOrNaNIsNoImprovement_andANaNBestIsBeaten() {
    assertThat(UP_TO_3.after(List.of(9.0, 9.0)).orElseThrow().best()).isEqualTo("teacher");
    assertThat(UP_TO_3.after(List.of(9.0, Double.NaN)).orElseThrow().best()).isEqualTo("teacher");
    assertThat(UP_TO_3.after(List.of(Double.NaN, 50.0))).isEmpty();
  }

  @Test
  void rule_stopsAtTheMaximum_sayingItWasStillImproving() {
    GenerationStop stop = UP_TO_3.after(List.of(10.0, 9.0, 8.0, 7.0)).orElseThrow();
    assertThat(stop.studentsTrained()).isEqualTo(3);
    assertThat(stop.reachedMaximum()).isTrue();
    assertThat(stop.describe())
        .isEqualTo(
            "stopped at the maximum of 3 generations, still improving: BAN-3's validation error"
                + " 7.00% is the best");
    GenerationStop lossStop =
        new GenerationsWhileImproving(1, ValidationCriterion.LOSS)
            .after(List.of(2.5, 2.25))
            .orElseThrow();
    assertThat(lossStop.describe()).contains("BAN-1's validation loss 2.2500 is the best");
  }

  @Test
  void rule_refusesAMaximumBelowOne() {
    assertThatThrownBy(() -> BornAgain.builder().generationsWhileImproving(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximum of generations must be >= 1 but was 0");
  }

  @Test
  void run_stopsAfterTheFirstStudentWorseThanItsTeacher_andResumesToTheSameStop() throws Exception {
    Path checkpoints = temp.resolve("run");
    BornAgainResult result =
        run(new AlmostZeroFor(false, true))
            .checkpointDirectory(checkpoints)
            .train(sets.training(), sets.validation());

    assertThat(result.generations())
        .extracting(Generation::name)
        .containsExactly("teacher", "BAN-1");
    GenerationStop stop = result.stop().orElseThrow();
    assertThat(stop.best()).isEqualTo("teacher");
    assertThat(stop.lastTrained()).isEqualTo("BAN-1");
    assertThat(stop.lastValue()).isEqualTo(lastValidationError(result.generation(1)));
    assertThat(stop.bestValue())
        .isEqualTo(lastValidationError(result.teacher()))
        .isLessThan(stop.lastValue());
    assertThat(Files.exists(checkpoints.resolve("generation-2"))).isFalse();
    assertThat(result.configuration().get("generations"))
        .isEqualTo("while validation error improves, at most 3");

    // Run again on the same directory: nothing trains, and the same stop is reached.
    CheckpointResumeTest.Starts starts = new CheckpointResumeTest.Starts();
    BornAgainResult again =
        run(new AlmostZeroFor(false, true))
            .checkpointDirectory(checkpoints)
            .listener(starts)
            .train(sets.training(), sets.validation());
    assertThat(starts.plans).isEmpty();
    assertThat(again.stop()).contains(stop);

    // A fixed number of generations is another configuration.
    assertThatThrownBy(
            () ->
                run(new AlmostZeroFor(false, true))
                    .generations(3)
                    .checkpointDirectory(checkpoints)
                    .train(sets.training(), sets.validation()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("generations: checkpoint has while validation error improves")
        .hasMessageContaining("this run has 3");
  }

  @Test
  void run_trainsAnotherStudentAfterEachImprovement() throws Exception {
    // The teacher stays as initialised; the students learn the labels, so BAN-1 improves and
    // BAN-2 is trained; then the run stops at the maximum or at BAN-2, as the rule says.
    BornAgainResult result =
        run(new AlmostZeroFor(true, false))
            .generationsWhileImproving(2)
            .train(sets.training(), sets.validation());

    assertThat(result.generations()).hasSize(3);
    List<Double> values = result.generations().stream().map(g -> lastValidationError(g)).toList();
    double teacher = values.get(0);
    double ban1 = values.get(1);
    double ban2 = values.get(2);
    assertThat(ban1).isLessThan(teacher);
    // The expected stop, worked out here rather than by the rule under test.
    GenerationStop stop = result.stop().orElseThrow();
    assertThat(stop.studentsTrained()).isEqualTo(2);
    assertThat(stop.lastTrained()).isEqualTo("BAN-2");
    assertThat(stop.lastValue()).isEqualTo(ban2);
    if (ban2 < ban1) {
      assertThat(stop.reachedMaximum()).isTrue();
      assertThat(stop.best()).isEqualTo("BAN-2");
      assertThat(stop.bestValue()).isEqualTo(ban2);
    } else {
      assertThat(stop.reachedMaximum()).isFalse();
      assertThat(stop.best()).isEqualTo("BAN-1");
      assertThat(stop.bestValue()).isEqualTo(ban1);
    }
  }

  @Test
  void run_withAPretrainedTeacher_scoresItOnValidationFirst() throws Exception {
    BornAgainResult teacherRun =
        run(new AlmostZeroFor(false, true))
            .generations(1)
            .checkpointDirectory(temp.resolve("teacher"))
            .train(sets.training(), sets.validation());
    Path teacherFile = teacherRun.teacher().parametersFile().orElseThrow();

    BornAgainResult result =
        run(new AlmostZeroFor(false, true))
            .pretrainedTeacher(teacherFile, BoringModel::mlp)
            .train(sets.training(), sets.validation());

    GenerationStop stop = result.stop().orElseThrow();
    assertThat(stop.best()).isEqualTo("teacher");
    assertThat(stop.bestValue()).isEqualTo(lastValidationError(teacherRun.teacher()));
    // The score the rule used is the result's, for reports: the teacher has no epochs to show it.
    assertThat(result.teacher().epochs()).isEmpty();
    assertThat(result.pretrainedTeacherValidation().orElseThrow().errorPercent())
        .isEqualTo(stop.bestValue());

    // A fixed number of generations scores the pretrained teacher on validation too.
    BornAgainResult fixed =
        run(new AlmostZeroFor(false, true))
            .generations(1)
            .pretrainedTeacher(teacherFile, BoringModel::mlp)
            .train(sets.training(), sets.validation());
    assertThat(fixed.pretrainedTeacherValidation().orElseThrow().errorPercent())
        .isEqualTo(lastValidationError(teacherRun.teacher()));
    assertThat(teacherRun.pretrainedTeacherValidation()).isEmpty();
  }

  @Test
  void run_distilsTheStudentsItTrained_afterAnEarlyStop() throws Exception {
    BornAgainResult result =
        run(new AlmostZeroFor(false, true))
            .distilEnsembleInto(BoringModel::mlp)
            .train(sets.training(), sets.validation());

    assertThat(result.stop().orElseThrow().lastTrained()).isEqualTo("BAN-1");
    Generation distilled = result.distilled().orElseThrow();
    // Its index stays the maximum + 1, as the checkpoint directory names it before the stop.
    assertThat(distilled.index()).isEqualTo(4);
    assertThat(distilled.name()).isEqualTo(Generation.DISTILLED_NAME);
    try (EnsemblePredictor alone = result.ensembleOf(4)) {
      assertThat(alone.memberNames()).containsExactly(Generation.DISTILLED_NAME);
    }
  }

  @Test
  void run_withoutAValidationSet_isRefused() {
    assertThatThrownBy(() -> run(new AlmostZeroFor(false, false)).train(sets.training()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("generationsWhileImproving(3)")
        .hasMessageContaining("without one");
  }

  @Test
  void fixedGenerations_reportNoStop() throws Exception {
    BornAgainResult result =
        run(new AlmostZeroFor(false, true))
            .generations(1)
            .train(sets.training(), sets.validation());
    assertThat(result.stop()).isEmpty();
    assertThat(result.configuration().get("generations")).isEqualTo("1");
  }

  private static double lastValidationError(Generation generation) {
    return generation.lastEpoch().map(EpochMetrics::validationErrorPercent).orElseThrow();
  }

  private static BornAgainBuilder run(DistillationLoss loss) {
    return BornAgain.builder()
        .student(BoringModel::mlp)
        .generationsWhileImproving(3)
        .loss(loss)
        .epochs(2)
        .optimizer(new SgdSettings(0.1f, 0.9f, true, 0f))
        .learningRateSchedule(LearningRateSchedule.constant())
        .seed(11)
        .quiet();
  }

  /**
   * The labels' cross-entropy for every generation, except that the teacher's or the students' loss
   * is zero (no gradient, so that network stays as initialised).
   */
  private static final class AlmostZeroFor extends DistillationLoss {
    private final boolean teacher;
    private final boolean students;

    AlmostZeroFor(boolean teacher, boolean students) {
      super("AlmostZeroFor");
      this.teacher = teacher;
      this.students = students;
    }

    @Override
    public String describe() {
      return "AlmostZeroFor(teacher " + teacher + ", students " + students + ")";
    }

    @Override
    protected NDArray distill(DistillationBatch batch) {
      return students ? zero(batch) : batch.labelCrossEntropy().mean();
    }

    @Override
    protected NDArray labelsOnly(DistillationBatch batch) {
      return teacher ? zero(batch) : batch.labelCrossEntropy().mean();
    }

    // Not exactly zero: DJL refuses a step whose gradients are all zeros.
    private static NDArray zero(DistillationBatch batch) {
      return batch.labelCrossEntropy().mean().mul(1e-7f);
    }
  }
}
