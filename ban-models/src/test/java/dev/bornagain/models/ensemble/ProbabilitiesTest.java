package dev.bornagain.models.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ProbabilitiesTest {

  @Test
  void mean_andLogMean_matchHandComputedAverage() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.create(new float[] {0f, 1f, 2f}, new Shape(1, 3));
      NDArray b = manager.create(new float[] {3f, 0f, -1f}, new Shape(1, 3));
      double[] expected = new double[3];
      double[] pa = softmax(0, 1, 2);
      double[] pb = softmax(3, 0, -1);
      for (int i = 0; i < 3; i++) {
        expected[i] = (pa[i] + pb[i]) / 2;
      }
      float[] mean = Probabilities.mean(List.of(a, b)).toFloatArray();
      float[] logMean = Probabilities.logMean(List.of(a, b)).toFloatArray();
      for (int i = 0; i < 3; i++) {
        assertThat((double) mean[i]).isCloseTo(expected[i], within(1e-6));
        assertThat((double) logMean[i]).isCloseTo(Math.log(expected[i]), within(1e-5));
      }
    }
  }

  @Test
  void logMean_staysFiniteWhereProbabilitiesUnderflow() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray confident = manager.create(new float[] {200f, -200f}, new Shape(1, 2));
      NDArray alsoConfident = manager.create(new float[] {300f, -300f}, new Shape(1, 2));
      NDArray logMean = Probabilities.logMean(List.of(confident, alsoConfident));
      assertThat(logMean.isInfinite().any().getBoolean()).isFalse();
      assertThat(logMean.toFloatArray()[1]).isLessThan(-390f);
    }
  }

  @Test
  void logMean_rejectsMembersOfDifferentShapes() {
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(
              () ->
                  Probabilities.logMean(
                      List.of(manager.zeros(new Shape(2, 3)), manager.zeros(new Shape(2, 4)))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("(2, 3)")
          .hasMessageContaining("(2, 4)");
    }
  }

  private static double[] softmax(double... z) {
    double sum = 0;
    double[] p = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      p[i] = Math.exp(z[i]);
      sum += p[i];
    }
    for (int i = 0; i < z.length; i++) {
      p[i] /= sum;
    }
    return p;
  }
}
