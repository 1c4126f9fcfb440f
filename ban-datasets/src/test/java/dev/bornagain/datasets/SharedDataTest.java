package dev.bornagain.datasets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

final class SharedDataTest {

  @Test
  void missing_underCi_failsTheTest() {
    assertThatThrownBy(() -> SharedData.missing("shared/data/ptb was not found", true))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "CI=true and shared/data/ptb was not found: CI must not skip the tests that need the"
                + " real data");
  }

  @Test
  void missing_onADeveloperMachine_skipsTheTest() {
    assertThatThrownBy(() -> SharedData.missing("shared/data/ptb was not found", false))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("skipped: shared/data/ptb was not found");
  }
}
