package dev.bornagain.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

final class LearningRateScheduleTest {

  @Test
  void wideResNet_dropsByFifthAtEpochs60_120_160Of200() {
    LearningRateSchedule.Tracker t = LearningRateSchedule.wideResNet().start(0.1f, 200);
    assertThat(t.learningRate(0, 1)).isEqualTo(0.1f);
    assertThat(t.learningRate(59, 1)).isEqualTo(0.1f);
    assertThat(t.learningRate(60, 1)).isEqualTo(0.1f * 0.2f);
    assertThat(t.learningRate(119, 1)).isEqualTo(0.1f * 0.2f);
    assertThat(t.learningRate(120, 1)).isEqualTo(0.1f * 0.2f * 0.2f);
    assertThat(t.learningRate(160, 1)).isEqualTo(0.1f * 0.2f * 0.2f * 0.2f);
    assertThat(t.learningRate(199, 1)).isEqualTo(0.1f * 0.2f * 0.2f * 0.2f);
  }

  @Test
  void wideResNet_scalesToTheEpochCount() {
    LearningRateSchedule.Tracker t = LearningRateSchedule.wideResNet().start(0.1f, 10);
    assertThat(t.learningRate(2, 1)).isEqualTo(0.1f);
    assertThat(t.learningRate(3, 1)).isEqualTo(0.1f * 0.2f);
    assertThat(t.learningRate(6, 1)).isEqualTo(0.1f * 0.2f * 0.2f);
    assertThat(t.learningRate(8, 1)).isEqualTo(0.1f * 0.2f * 0.2f * 0.2f);
  }

  @Test
  void plateau_dividesWhenValidationDoesNotImprove_andRestoresExactly() {
    LearningRateSchedule schedule = LearningRateSchedule.plateau(4f);
    LearningRateSchedule.Tracker t = schedule.start(1f, 40);
    t.observe(0, 5.0);
    assertThat(t.learningRate(1, 1)).isEqualTo(1f);
    t.observe(1, 4.0);
    assertThat(t.learningRate(2, 1)).isEqualTo(1f);
    t.observe(2, 4.5);
    assertThat(t.learningRate(3, 1)).isEqualTo(0.25f);
    LearningRateSchedule.Tracker restored = schedule.start(1f, 40);
    restored.restore(t.save());
    t.observe(3, 4.0);
    restored.observe(3, 4.0);
    assertThat(restored.learningRate(4, 1)).isEqualTo(t.learningRate(4, 1)).isEqualTo(0.0625f);
  }

  @Test
  void cosine_decaysPerStepLikeTorchCosineAnnealing() {
    int epochs = 3;
    int batches = 7;
    LearningRateSchedule.Tracker t = LearningRateSchedule.cosine(0f).start(0.1f, epochs);
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int batch = 0; batch < batches; batch++) {
        int step = epoch * batches + batch;
        // torch.optim.lr_scheduler.CosineAnnealingLR with T_max = 21, eta_min = 0, per step.
        double expected = 0.1 * (1 + Math.cos(Math.PI * step / (epochs * batches))) / 2;
        assertThat((double) t.learningRate(epoch, batch, batches))
            .isCloseTo(expected, within(1e-7));
      }
    }
    assertThat(t.learningRate(2, 6, batches)).isPositive().isLessThan(0.001f);
  }

  @Test
  void cosine_endsAtItsFloor_andNeedsTheBatchCount() {
    LearningRateSchedule.Tracker t = LearningRateSchedule.cosine(0.1f).start(1f, 2);
    assertThat(t.learningRate(0, 0, 5)).isEqualTo(1f);
    assertThat((double) t.learningRate(1, 4, 5))
        .isCloseTo(0.1 + 0.9 * (1 + Math.cos(Math.PI * 0.9)) / 2, within(1e-6));
    assertThatThrownBy(() -> t.learningRate(1, 0, 6))
        .hasMessageContaining("had 5 batches per epoch and now has 6");
    LearningRateSchedule.Tracker unknown = LearningRateSchedule.cosine(0f).start(1f, 2);
    assertThatThrownBy(() -> unknown.learningRate(0, 0, LearningRateSchedule.UNKNOWN_BATCHES))
        .hasMessageContaining("needs the number of batches per epoch");
  }

  @Test
  void warmUp_climbsLinearlyThenRunsTheScheduleOverTheRest() {
    // 1 warm-up epoch of 4 batches, then a cosine over the remaining 2 epochs (8 steps).
    LearningRateSchedule.Tracker t = LearningRateSchedule.cosine(0f).withWarmUp(1).start(0.4f, 3);
    assertThat(t.learningRate(0, 0, 4)).isEqualTo(0.1f);
    assertThat((double) t.learningRate(0, 1, 4)).isCloseTo(0.1 + 0.3 / 4, within(1e-7));
    assertThat((double) t.learningRate(0, 3, 4)).isCloseTo(0.1 + 0.3 * 3 / 4, within(1e-7));
    assertThat(t.learningRate(1, 0, 4)).isEqualTo(0.4f);
    assertThat((double) t.learningRate(2, 0, 4))
        .isCloseTo(0.4 * (1 + Math.cos(Math.PI * 4 / 8)) / 2, within(1e-7));
    assertThatThrownBy(() -> LearningRateSchedule.cosine(0f).withWarmUp(3).start(0.1f, 3))
        .hasMessageContaining("warm-up of 3 epochs must be shorter than the run's 3 epochs");
  }

  @Test
  void warmUp_shiftsMultiStepMilestonesAndPlateauObservations() {
    LearningRateSchedule.Tracker steps =
        LearningRateSchedule.multiStep(0.5f, 0.5).withWarmUp(2).start(1f, 6);
    // Milestone at 50% of the 4 epochs after the warm-up: epoch 2 + 2.
    assertThat(steps.learningRate(3, 0, 10)).isEqualTo(1f);
    assertThat(steps.learningRate(4, 0, 10)).isEqualTo(0.5f);
    LearningRateSchedule.Tracker plateau =
        LearningRateSchedule.plateau(2f).withWarmUp(1).start(1f, 4);
    plateau.observe(0, 1.0); // during the warm-up: not seen by the plateau schedule
    plateau.observe(1, 2.0);
    plateau.observe(2, 3.0);
    assertThat(plateau.learningRate(3, 0, 10)).isEqualTo(0.5f);
  }

  @Test
  void effective_saysWhatAShortRunGets() {
    assertThat(LearningRateSchedule.wideResNet().effective(0.1f, 2))
        .isEqualTo("lr 0.1, x0.2 at epochs 1, 1, 2 of 2 (0.0200, 0.00400, 0.000800)");
    assertThat(LearningRateSchedule.cosine(0f).withWarmUp(1).effective(0.1f, 10))
        .isEqualTo(
            "linear warm-up over 1 epochs, then lr 0.1, cosine per step to 0.0 over 9 epochs");
  }

  @Test
  void schedules_rejectBadSettings() {
    assertThatThrownBy(() -> LearningRateSchedule.cosine(1f))
        .hasMessageContaining("cosine floor fraction must be in [0, 1) but was 1.0");
    assertThatThrownBy(() -> LearningRateSchedule.cosine(0f).withWarmUp(-1))
        .hasMessageContaining("warm-up epochs must be >= 0 but was -1");
    assertThatThrownBy(() -> LearningRateSchedule.plateau(1f))
        .hasMessageContaining("plateau divisor must be > 1 but was 1.0");
    assertThatThrownBy(() -> LearningRateSchedule.multiStep(0.2f, 0.6, 0.3))
        .hasMessageContaining("must increase");
    assertThatThrownBy(() -> LearningRateSchedule.multiStep(2f, 0.5))
        .hasMessageContaining("factor must be in (0, 1] but was 2.0");
  }
}
