package dev.bornagain.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bornagain.losses.BanLoss;
import dev.bornagain.losses.LabelMixedLoss;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

final class PipelineSettingsTest {

  private static final Path OUT = Path.of("out");

  @Test
  void build_withDefaults_isThePaperCifarRecipe() {
    PipelineSettings settings = PipelineSettings.builder().build("wrn-28-2", OUT);

    assertThat(settings.loss()).isEqualTo(LossChoice.BAN);
    assertThat(settings.generations()).isEqualTo(3);
    assertThat(settings.epochs()).isEqualTo(200);
    assertThat(settings.batchSize()).isEqualTo(128);
    assertThat(settings.optimizer().learningRate()).isEqualTo(0.1f);
    assertThat(settings.checkpointDirectory(7)).isEqualTo(Path.of("out", "checkpoints", "seed-7"));
  }

  @Test
  void build_rejectsUnknownPreset() {
    assertThatThrownBy(() -> PipelineSettings.builder().build("wrn-99-9", OUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown model preset 'wrn-99-9'");
  }

  @Test
  void build_rejectsRepeatedSeedsAndBadNumbers() {
    assertThatThrownBy(
            () -> PipelineSettings.builder().seeds(List.of(1L, 1L)).build("wrn-16-1", OUT))
        .hasMessage("seeds repeat: [1, 1]");
    assertThatThrownBy(() -> PipelineSettings.builder().seeds(List.of()).build("wrn-16-1", OUT))
        .hasMessage("at least one seed is needed");
    assertThatThrownBy(() -> PipelineSettings.builder().generations(0).build("wrn-16-1", OUT))
        .hasMessage("generations must be >= 1 but was 0");
    assertThatThrownBy(() -> PipelineSettings.builder().labelWeight(1.5f).build("wrn-16-1", OUT))
        .hasMessage("label weight must be in [0, 1] but was 1.5");
    assertThatThrownBy(() -> PipelineSettings.builder().temperature(0).build("wrn-16-1", OUT))
        .hasMessage("temperature must be > 0 but was 0.0");
  }

  @Test
  void lossChoice_parsesCommandLineNames_andCreatesTheLoss() {
    assertThat(LossChoice.parse("BAN+L")).isEqualTo(LossChoice.BAN_L);
    assertThat(LossChoice.parse("ban").create(0.5f, 4f, 1)).isInstanceOf(BanLoss.class);
    assertThat(LossChoice.BAN_L.create(0.25f, 4f, 1)).isInstanceOf(LabelMixedLoss.class);
    assertThat(LossChoice.HINTON.describe(0.5f, 4f)).isEqualTo("hinton(T=4.0, w=0.5)");
    assertThatThrownBy(() -> LossChoice.parse("kl"))
        .hasMessage("unknown loss 'kl'; choose one of ban, ban+l, cwtm, dkpp, hinton");
  }

  @Test
  void scheduleChoice_parsesCommandLineNames() {
    assertThat(ScheduleChoice.parse("Plateau")).isEqualTo(ScheduleChoice.PLATEAU);
    assertThat(ScheduleChoice.PLATEAU.create().describe()).isEqualTo("plateau(divisor=4.0)");
    assertThat(ScheduleChoice.parse("cosine").create().describe()).isEqualTo("cosine(floor=0.0)");
    assertThatThrownBy(() -> ScheduleChoice.parse("step"))
        .hasMessage("unknown schedule 'step'; choose one of wrn, cosine, plateau, constant");
  }
}
