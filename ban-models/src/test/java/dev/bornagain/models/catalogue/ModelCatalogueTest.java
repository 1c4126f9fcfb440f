package dev.bornagain.models.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import dev.bornagain.models.StatefulBlock;
import org.junit.jupiter.api.Test;

final class ModelCatalogueTest {

  @Test
  void presets_containEveryNamedPresetOfTheIssue() {
    assertThat(ModelCatalogue.names())
        .contains(
            "resnet-20",
            "resnet-56",
            "preresnet-14",
            "wrn-16-1",
            "wrn-16-2",
            "wrn-28-1",
            "wrn-28-2",
            "wrn-28-5",
            "wrn-28-10",
            "densenet-bc-100-12",
            "densenet-112-33",
            "densenet-90-60",
            "densenet-80-80",
            "densenet-80-120",
            "lstm-2x200",
            "lstm-2x650-tied",
            "lstm-2x1500-tied",
            "cnn-small-rgb",
            "cnn-small-grey",
            "cnn-3x2-rgb",
            "cnn-3x2-grey")
        .doesNotHaveDuplicates();
    assertThat(ModelCatalogue.presets())
        .extracting(ModelPreset::name)
        .containsExactlyElementsOf(ModelCatalogue.names());
  }

  @Test
  void get_rejectsUnknownNameListingKnownOnes() {
    assertThatThrownBy(() -> ModelCatalogue.get("wrn-28-3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wrn-28-3")
        .hasMessageContaining("wrn-28-10")
        .hasMessageContaining("densenet-bc-100-12");
  }

  @Test
  void inputKinds_andShapes_matchTheData() {
    assertThat(ModelCatalogue.get("wrn-28-10").inputKind()).isEqualTo(InputKind.RGB_32);
    assertThat(ModelCatalogue.get("cnn-small-grey").inputKind()).isEqualTo(InputKind.GREY_28);
    assertThat(ModelCatalogue.get("lstm-2x200").inputKind()).isEqualTo(InputKind.TOKENS);
    assertThat(ModelCatalogue.get("resnet-20").sampleInputShape())
        .isEqualTo(new Shape(1, 3, 32, 32));
    assertThat(ModelCatalogue.get("cnn-small-grey").inputShape(4))
        .isEqualTo(new Shape(4, 1, 28, 28));
    assertThat(ModelCatalogue.get("lstm-2x650-tied").inputShape(32)).isEqualTo(new Shape(32, 35));
  }

  @Test
  void build_givesANewBlockEachTime_andLanguageModelsAreStateful() {
    ModelPreset preset = ModelCatalogue.get("lstm-2x200");
    assertThat(preset.build(100)).isNotSameAs(preset.build(100)).isInstanceOf(StatefulBlock.class);
    assertThat(ModelCatalogue.get("resnet-20").build(10)).isNotInstanceOf(StatefulBlock.class);
  }

  @Test
  void build_rejectsZeroClasses() {
    assertThatThrownBy(() -> ModelCatalogue.get("resnet-20").build(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
  }

  @Test
  void parameterCount_growsWithClassesByTheClassifierSize() {
    ModelPreset preset = ModelCatalogue.get("cnn-small-grey");
    // 64 x 7 x 7 features into the classifier: one more class adds 3136 weights and a bias.
    assertThat(preset.parameterCount(11) - preset.parameterCount(10)).isEqualTo(64 * 7 * 7 + 1);
  }

  @Test
  void forwardTiming_measuresAPositiveTimeForTheRequestedBatch() {
    ForwardTiming.Result result =
        ForwardTiming.measure(ModelCatalogue.get("cnn-small-grey"), 10, 8, 1, 2);
    assertThat(result.preset()).isEqualTo("cnn-small-grey");
    assertThat(result.batchSize()).isEqualTo(8);
    assertThat(result.repeats()).isEqualTo(2);
    assertThat(result.minMillisPerBatch())
        .isPositive()
        .isLessThanOrEqualTo(result.millisPerBatch());
  }
}
