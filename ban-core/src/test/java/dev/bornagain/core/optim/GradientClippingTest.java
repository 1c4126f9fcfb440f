package dev.bornagain.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

final class GradientClippingTest {

  private static final float[] W1 = {1f, -2f, 0.5f};
  private static final float[] G1 = {3f, -4f, 1f};
  private static final float[] W2 = {0.25f, 4f};
  private static final float[] G2 = {-2f, 6f};

  /** Two parameters whose gradients are G1 and G2 after one backward pass. */
  private static List<Parameter> backward(NDManager manager) {
    Parameter first = parameter(manager, "a", W1);
    Parameter second = parameter(manager, "b", W2);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray loss =
          first
              .getArray()
              .mul(manager.create(G1))
              .sum()
              .add(second.getArray().mul(manager.create(G2)).sum());
      collector.backward(loss);
    }
    return List.of(first, second);
  }

  private static Parameter parameter(NDManager manager, String name, float[] values) {
    NDArray array = manager.create(values);
    array.setRequiresGradient(true);
    return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optArray(array).build();
  }

  private static float[] gradient(Parameter parameter) {
    try (NDArray gradient = parameter.getArray().getGradient()) {
      return gradient.toFloatArray();
    }
  }

  /** The global L2 norm of G1 and G2, in double precision. */
  private static double referenceNorm() {
    double squares = 0;
    for (float g : G1) {
      squares += (double) g * g;
    }
    for (float g : G2) {
      squares += (double) g * g;
    }
    return Math.sqrt(squares);
  }

  @Test
  void clipGlobalNorm_aboveTheBound_scalesEveryGradientByBoundOverNorm() {
    try (NDManager manager = NDManager.newBaseManager()) {
      List<Parameter> parameters = backward(manager);
      double norm = referenceNorm(); // sqrt(66)

      double reported = GradientClipping.clipGlobalNorm(parameters, 2f);

      assertThat(reported).isCloseTo(norm, within(1e-5));
      double scale = 2 / (norm + 1e-6);
      float[] first = gradient(parameters.get(0));
      float[] second = gradient(parameters.get(1));
      for (int i = 0; i < G1.length; i++) {
        assertThat((double) first[i]).isCloseTo(G1[i] * scale, within(1e-6));
      }
      for (int i = 0; i < G2.length; i++) {
        assertThat((double) second[i]).isCloseTo(G2[i] * scale, within(1e-6));
      }
      assertThat(GradientClipping.clipGlobalNorm(parameters, 100f)).isCloseTo(2, within(1e-5));
    }
  }

  @Test
  void clipGlobalNorm_withinTheBound_leavesGradientsAlone() {
    try (NDManager manager = NDManager.newBaseManager()) {
      List<Parameter> parameters = backward(manager);

      GradientClipping.clipGlobalNorm(parameters, 9f); // the norm is sqrt(66) < 9

      assertThat(gradient(parameters.get(0))).containsExactly(G1);
      assertThat(gradient(parameters.get(1))).containsExactly(G2);
    }
  }

  @Test
  void clipGlobalNorm_rejectsANonPositiveBound() {
    assertThatThrownBy(() -> GradientClipping.clipGlobalNorm(List.of(), 0f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max norm must be > 0 but was 0.0");
  }

  @Test
  void sgdSettings_clippingIsOffByDefaultAndRejectsNegativeBounds() {
    SgdSettings plain = SgdSettings.plain(1f);
    assertThat(plain.clipsGradients()).isFalse();
    assertThat(plain.withMaxGradientNorm(0.25f).maxGradientNorm()).isEqualTo(0.25f);
    assertThatThrownBy(() -> plain.withMaxGradientNorm(-1f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max gradient norm must be >= 0 (0 for no clipping) but was -1.0");
  }
}
