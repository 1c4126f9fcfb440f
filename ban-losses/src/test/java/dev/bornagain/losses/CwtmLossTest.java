package dev.bornagain.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** CWTM's per-sample weights. */
final class CwtmLossTest {

  @AutoClose private static final NDManager manager = NDManager.newBaseManager();

  @Test
  void sampleWeights_sumToOneAndMatchNormalisedTeacherMax() {
    for (Fixture fixture : new Fixture[] {Fixture.random(41, 12, 5), Fixture.random(42, 3, 4, 9)}) {
      NDArray weights = DistillationLosses.cwtm().sampleWeights(fixture.batch(manager));
      double[] expected = Reference.cwtmWeights(fixture.teacherRows());

      assertThat(weights.getShape()).isEqualTo(new Shape(expected.length));
      assertThat(weights.sum().getFloat()).isCloseTo(1f, within(1e-6f));
      float[] actual = weights.toFloatArray();
      for (int s = 0; s < expected.length; s++) {
        assertThat((double) actual[s]).isCloseTo(expected[s], within(1e-7));
      }
    }
  }

  @Test
  void sampleWeights_favourConfidentTeachersAndCarryNoGradient() {
    // Sample 0: a confident teacher; sample 1: a uniform one.
    NDArray teacher = manager.create(new float[] {10f, 0f, 0f, 1f, 1f, 1f}, new Shape(2, 3));
    teacher.setRequiresGradient(true);
    NDArray student = manager.zeros(new Shape(2, 3));
    DistillationBatch batch =
        DistillationBatch.of("CWTM", manager.create(new long[] {0, 1}), teacher, student);
    NDArray weights = DistillationLosses.cwtm().sampleWeights(batch);

    float confident = (float) (1 / (1 + 2 * Math.exp(-10)));
    float total = confident + 1f / 3;
    assertThat(weights.toFloatArray())
        .containsExactly(new float[] {confident / total, (1f / 3) / total}, within(1e-6f));
    assertThat(weights.hasGradient()).isFalse();
  }
}
