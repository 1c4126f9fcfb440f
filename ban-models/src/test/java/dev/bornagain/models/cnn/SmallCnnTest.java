package dev.bornagain.models.cnn;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class SmallCnnTest {

  @Test
  void build_rejectsZeroWidth() {
    assertThatThrownBy(() -> SmallCnn.builder().setNumClasses(10).optWidths(32, 0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[32, 0]");
  }

  @Test
  void build_rejectsNoStages() {
    assertThatThrownBy(() -> SmallCnn.builder().setNumClasses(10).optWidths().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage");
  }

  @Test
  void build_rejectsDropoutOutsideUnitInterval() {
    assertThatThrownBy(() -> SmallCnn.builder().setNumClasses(10).optDropRate(1f).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dropout");
  }

  @Test
  void build_rejectsMissingClasses() {
    assertThatThrownBy(() -> SmallCnn.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("classes");
  }
}
