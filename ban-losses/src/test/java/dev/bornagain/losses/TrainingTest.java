package dev.bornagain.losses;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every loss trains a tiny model through DJL's {@code EasyTrain.fit}, validation included. */
final class TrainingTest {

  static Stream<DistillationLoss> losses() {
    return Stream.of(
        DistillationLosses.ban(),
        DistillationLosses.hinton(4f, 0.3f),
        DistillationLosses.labelMixed(),
        DistillationLosses.cwtm(),
        DistillationLosses.dkpp(42));
  }

  @ParameterizedTest
  @MethodSource("losses")
  void easyTrain_lowersTrainingLossAndValidatesOnHardLabels(DistillationLoss loss) {
    TinyTraining.Run run = TinyTraining.train(loss);

    assertThat(run.trainLoss()).hasSize(TinyTraining.EPOCHS);
    assertThat(run.trainLoss().get(TinyTraining.EPOCHS - 1)).isLessThan(run.trainLoss().get(0));
    // Validation batches carry hard labels only: the loss falls back to label cross-entropy.
    assertThat(run.validationLoss()).hasSize(TinyTraining.EPOCHS).allMatch(v -> v > 0);
    assertThat(run.validationLoss().get(TinyTraining.EPOCHS - 1))
        .isLessThan(run.validationLoss().get(0));
    assertThat(run.validationAccuracy()).isGreaterThan(0.5f);
  }
}
