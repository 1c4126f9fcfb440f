package dev.bornagain.losses;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** Every array a loss creates lives on its inputs' manager, so a per-batch manager frees it. */
final class ResourcesTest {

  @Test
  void evaluate_leavesNothingBehindOnceTheBatchManagerCloses() {
    Fixture fixture = Fixture.random(71, 3, 4, 5);
    try (NDManager parent = NDManager.newBaseManager()) {
      for (DistillationLoss loss : ValidationTest.losses().toList()) {
        for (int step = 0; step < 3; step++) {
          // Fixture.evaluate opens a sub-manager per call, as a training loop does per batch.
          fixture.evaluate(loss, parent, true);
          fixture.evaluate(loss, parent, false);
          assertThat(parent.getManagedArrays()).as("%s, step %s", loss.getName(), step).isEmpty();
        }
      }
    }
  }
}
