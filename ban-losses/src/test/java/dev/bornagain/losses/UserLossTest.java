package dev.bornagain.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The extension point, exactly as {@link DistillationLoss}'s javadoc shows it. */
final class UserLossTest {

  /** The example from the javadoc: half the BAN loss, one method. */
  static final class HalfBan extends DistillationLoss {
    HalfBan() {
      super("HalfBan");
    }

    @Override
    protected NDArray distill(DistillationBatch batch) {
      NDArray perSample = batch.softCrossEntropy(batch.teacherProbabilities());
      return perSample.mean().mul(0.5f);
    }
  }

  @AutoClose private static final NDManager manager = NDManager.newBaseManager();

  @Test
  void userLoss_isHalfOfBanWithItsGradient() {
    Fixture fixture = Fixture.random(61, 2, 3, 5);
    Fixture.Evaluation half = fixture.evaluate(new HalfBan(), manager, true);
    Reference.Result ban = Reference.ban(fixture.studentRows(), fixture.teacherRows());

    assertThat((double) half.value()).isCloseTo(ban.value() / 2, within(1e-5 * ban.value()));
    double[] expectedGradient = Fixture.flatten(ban.gradient());
    for (int k = 0; k < expectedGradient.length; k++) {
      expectedGradient[k] /= 2;
    }
    DistillationLossesTest.assertClose(half.gradient(), expectedGradient);
  }

  @Test
  void userLoss_inheritsValidationAndTheLabelsOnlyPath() {
    Fixture fixture = Fixture.random(62, 4, 3);
    Fixture.Evaluation labelsOnly = fixture.evaluate(new HalfBan(), manager, false);
    assertThat((double) labelsOnly.value())
        .isCloseTo(Reference.labels(fixture.studentRows(), fixture.labels()).value(), within(1e-5));

    NDList wrongTeacher = new NDList(fixture.labelArray(manager), manager.zeros(new Shape(4, 2)));
    assertThatThrownBy(
            () -> new HalfBan().evaluate(wrongTeacher, new NDList(fixture.studentArray(manager))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HalfBan: teacher logits have shape (4, 2)");
  }

  @Test
  void userLoss_trainsThroughEasyTrain() {
    TinyTraining.Run run = TinyTraining.train(new HalfBan());

    assertThat(run.trainLoss().get(TinyTraining.EPOCHS - 1)).isLessThan(run.trainLoss().get(0));
    assertThat(run.validationLoss()).hasSize(TinyTraining.EPOCHS);
    assertThat(run.validationAccuracy()).isGreaterThan(0.5f);
  }
}
