package dev.bornagain.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PipelineDataTest {

  @TempDir Path temp;

  @Test
  void fashionMnistDemo_trainSubsetLargerThanTheData_isRefusedNamingBothCounts() {
    PipelineSettings settings =
        PipelineSettings.builder().trainSubset(100_000).build("cnn-3x2-grey", temp);
    assertThatThrownBy(() -> PipelineData.fashionMnistDemo(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--train-subset 100000 asks for more than the 5000 training images there are: pass at"
                + " most 5000, or 0 for all");
  }

  @Test
  void fashionMnistDemo_evalSubsetLargerThanTheData_isNoticedInTheDescription() throws IOException {
    assertThat(demoDescriptionWithEvalSubset(20_000))
        .contains(
            "1000 validation, 10000 test images (--eval-subset 20000 is more than the validation"
                + " and test images: both used whole)");
    assertThat(demoDescriptionWithEvalSubset(5_000))
        .contains(
            "1000 validation, 5000 test images (--eval-subset 5000 is more than the 1000"
                + " validation images: that split is used whole)");
  }

  private String demoDescriptionWithEvalSubset(int evalSubset) throws IOException {
    PipelineSettings settings =
        PipelineSettings.builder().evalSubset(evalSubset).build("cnn-3x2-grey", temp);
    return PipelineData.fashionMnistDemo(settings).description();
  }
}
