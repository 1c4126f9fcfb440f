package dev.bornagain.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class LearningRateScheduleTest {

  @Test
  void wideResNet_dropsByFifthAtEpochs60_120_160Of200() {
    LearningRateSchedule.Tracker t = LearningRateSchedule.wideResNet().start(0.1f, 200);
    assertThat(t.learningRate(0)).isEqualTo(0.1f);
    assertThat(t.learningRate(59)).isEqualTo(0.1f);
    assertThat(t.learningRate(60)).isEqualTo(0.1f * 0.2f);
    assertThat(t.learningRate(119)).isEqualTo(0.1f * 0.2f);
    assertThat(t.learningRate(120)).isEqualTo(0.1f * 0.2f * 0.2f);
    assertThat(t.learningRate(160)).isEqualTo(0.1f * 0.2f * 0.2f * 0.2f);
    assertThat(t.learningRate(199)).isEqualTo(0.1f * 0.2f * 0.2f * 0.2f);
  }

  @Test
  void wideResNet_scalesToTheEpochCount() {
    LearningRateSchedule.Tracker t = LearningRateSchedule.wideResNet().start(0.1f, 10);
    assertThat(t.learningRate(2)).isEqualTo(0.1f);
    assertThat(t.learningRate(3)).isEqualTo(0.1f * 0.2f);
    assertThat(t.learningRate(6)).isEqualTo(0.1f * 0.2f * 0.2f);
    assertThat(t.learningRate(8)).isEqualTo(0.1f * 0.2f * 0.2f * 0.2f);
  }

  @Test
  void plateau_dividesWhenValidationDoesNotImprove_andRestoresExactly() {
    LearningRateSchedule schedule = LearningRateSchedule.plateau(4f);
    LearningRateSchedule.Tracker t = schedule.start(1f, 40);
    t.observe(0, 5.0);
    assertThat(t.learningRate(1)).isEqualTo(1f);
    t.observe(1, 4.0);
    assertThat(t.learningRate(2)).isEqualTo(1f);
    t.observe(2, 4.5);
    assertThat(t.learningRate(3)).isEqualTo(0.25f);
    LearningRateSchedule.Tracker restored = schedule.start(1f, 40);
    restored.restore(t.save());
    t.observe(3, 4.0);
    restored.observe(3, 4.0);
    assertThat(restored.learningRate(4)).isEqualTo(t.learningRate(4)).isEqualTo(0.0625f);
  }

  @Test
  void schedules_rejectBadSettings() {
    assertThatThrownBy(() -> LearningRateSchedule.plateau(1f))
        .hasMessageContaining("plateau divisor must be > 1 but was 1.0");
    assertThatThrownBy(() -> LearningRateSchedule.multiStep(0.2f, 0.6, 0.3))
        .hasMessageContaining("must increase");
    assertThatThrownBy(() -> LearningRateSchedule.multiStep(2f, 0.5))
        .hasMessageContaining("factor must be in (0, 1] but was 2.0");
  }
}
