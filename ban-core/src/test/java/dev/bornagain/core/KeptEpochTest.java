package dev.bornagain.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.training.dataset.ArrayDataset;
import dev.bornagain.core.ensemble.EnsemblePredictor;
import dev.bornagain.core.listen.EpochMetrics;
import dev.bornagain.core.optim.LearningRateSchedule;
import dev.bornagain.core.optim.SgdSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The best-validation epoch is kept beside the last, chosen on the validation set alone. The
 * validation labels here are the true ones shifted by one class, so the better the network learns
 * the task, the worse it does there: its validation curve peaks (lowest error) early, while on a
 * test set with the true labels the last epoch is best.
 */
final class KeptEpochTest {

  private static final int EPOCHS = 4;

  @TempDir Path temp;

  @RegisterExtension static final BoringModel.Sets sets = new BoringModel.Sets(256, 96);
  private static ArrayDataset shiftedValidation;
  private static ArrayDataset test;

  @BeforeAll
  static void shiftedValidationAndTest() {
    NDArray[] arrays = BoringModel.arrays(sets.manager(), 96, 2);
    shiftedValidation =
        new ArrayDataset.Builder()
            .setData(arrays[0])
            .optLabels(arrays[1].add(1).mod(BoringModel.CLASSES))
            .setSampling(BoringModel.BATCH_SIZE, false)
            .build();
    test = BoringModel.data(sets.manager(), 96, 3, false);
  }

  private BornAgainBuilder run(Path checkpoints) {
    BornAgainBuilder builder =
        BornAgain.builder()
            .student(BoringModel::mlp)
            .generations(1)
            .loss(new BornAgainTest.CountingKd())
            .epochs(EPOCHS)
            .optimizer(new SgdSettings(0.002f, 0f, false, 0f))
            .learningRateSchedule(LearningRateSchedule.constant())
            .keepBestValidationEpoch()
            .seed(4)
            .quiet();
    return checkpoints == null ? builder : builder.checkpointDirectory(checkpoints);
  }

  @Test
  void bestValidationEpoch_isKept_andChosenOnValidationNotTest() throws Exception {
    BornAgainResult result = run(null).train(sets.training(), shiftedValidation);
    Generation teacher = result.teacher();
    List<EpochMetrics> epochs = teacher.epochs();
    EpochMetrics best = teacher.bestValidationEpoch().orElseThrow();
    assertThat(best.epoch()).as("the curve peaks early").isLessThan(EPOCHS - 1);

    try (EnsemblePredictor kept = result.ensemble(List.of("teacher"), KeptEpoch.BEST_VALIDATION);
        EnsemblePredictor last = result.ensemble(List.of("teacher"), KeptEpoch.LAST)) {
      // Each set of parameters scores exactly what its epoch recorded on validation.
      assertThat(kept.evaluate(shiftedValidation).errorPercent())
          .isEqualTo(best.validationErrorPercent());
      assertThat(last.evaluate(shiftedValidation).errorPercent())
          .isEqualTo(epochs.get(EPOCHS - 1).validationErrorPercent())
          .isGreaterThan(best.validationErrorPercent());
      // On the test set the last epoch is the better one: had the test set chosen, it would
      // have chosen the last epoch.
      assertThat(last.evaluate(test).errorPercent()).isLessThan(kept.evaluate(test).errorPercent());
    }
    assertThat(teacher.describeEpoch(KeptEpoch.BEST_VALIDATION))
        .startsWith("best validation epoch (" + (best.epoch() + 1) + " of " + EPOCHS + ", ");
    assertThat(teacher.describeEpoch(KeptEpoch.LAST)).isEqualTo("last epoch (4 of 4)");
  }

  @Test
  void bestValidationEpoch_byLoss_isTheEpochOfLowestValidationLoss() throws Exception {
    BornAgainResult result =
        run(null)
            .keepBestValidationEpoch(ValidationCriterion.LOSS)
            .train(sets.training(), shiftedValidation);
    Generation teacher = result.teacher();
    EpochMetrics best = teacher.bestValidationEpoch().orElseThrow();
    assertThat(teacher.bestBy()).isEqualTo(ValidationCriterion.LOSS);
    assertThat(best.validationLoss())
        .isEqualTo(
            teacher.epochs().stream()
                .mapToDouble(EpochMetrics::validationLoss)
                .min()
                .orElseThrow());
    try (EnsemblePredictor kept = result.ensemble(List.of("teacher"), KeptEpoch.BEST_VALIDATION)) {
      assertThat(kept.evaluate(shiftedValidation).crossEntropy())
          .isCloseTo(best.validationLoss(), within(1e-6));
    }
    assertThat(teacher.describeEpoch(KeptEpoch.BEST_VALIDATION))
        .isEqualTo(
            String.format(
                java.util.Locale.ROOT,
                "best validation epoch (%d of %d, validation loss %.4f)",
                best.epoch() + 1,
                EPOCHS,
                best.validationLoss()));
  }

  @Test
  void bestValidationEpoch_survivesACrashAndResume() throws Exception {
    BornAgainResult reference =
        run(temp.resolve("reference")).train(sets.training(), shiftedValidation);
    Path crashed = temp.resolve("crashed");
    assertThatThrownBy(
            () ->
                run(crashed)
                    .listener(new CheckpointResumeTest.CrashAfter(0, 2))
                    .train(sets.training(), shiftedValidation))
        .hasMessageContaining("simulated crash");
    BornAgainResult resumed = run(crashed).train(sets.training(), shiftedValidation);
    for (int generation : IntStream.rangeClosed(0, 1).toArray()) {
      Path expected = reference.generation(generation).bestValidationParameters().file();
      Path actual = resumed.generation(generation).bestValidationParameters().file();
      assertThat(actual.getFileName().toString()).isEqualTo("best.parameters");
      assertThat(Files.readAllBytes(actual)).isEqualTo(Files.readAllBytes(expected));
    }
  }

  @Test
  void withoutKeeping_bestParametersAreRefusedByName() throws Exception {
    BornAgainResult result =
        BornAgain.builder()
            .student(BoringModel::mlp)
            .generations(1)
            .loss(new BornAgainTest.CountingKd())
            .epochs(1)
            .quiet()
            .train(sets.training(), shiftedValidation);
    assertThatThrownBy(() -> result.ensemble(List.of("BAN-1"), KeptEpoch.BEST_VALIDATION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BAN-1 has no best-validation parameters")
        .hasMessageContaining("keepBestValidationEpoch()");
  }
}
