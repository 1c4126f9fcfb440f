package dev.bornagain.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

final class MomentumSgdTest {

  private static final float[] START = {1f, 2f, -0.5f};
  private static final float[] GRAD = {0.5f, -1f, 0.25f};

  /** Applies one step with gradient GRAD to the parameter through the optimizer. */
  private static void step(MomentumSgd sgd, Parameter parameter, NDManager manager) {
    NDArray weight = parameter.getArray();
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      collector.backward(weight.mul(manager.create(GRAD)).sum());
    }
    try (NDArray grad = weight.getGradient()) {
      sgd.update(parameter.getId(), weight, grad);
    }
  }

  private static Parameter parameter(NDManager manager) {
    NDArray array = manager.create(START);
    array.setRequiresGradient(true);
    return Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optArray(array).build();
  }

  /** PyTorch's SGD, written out in double precision. */
  private static double[] reference(SgdSettings s, int steps) {
    double[] w = new double[START.length];
    double[] v = new double[START.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = START[i];
    }
    for (int t = 0; t < steps; t++) {
      for (int i = 0; i < w.length; i++) {
        double g = GRAD[i] + s.weightDecay() * w[i];
        v[i] = s.momentum() * v[i] + g;
        double d = s.nesterov() ? g + s.momentum() * v[i] : v[i];
        w[i] -= s.learningRate() * d;
      }
    }
    return w;
  }

  @Test
  void update_matchesPyTorchFormulaWithNesterovAndWeightDecay() {
    for (SgdSettings settings :
        List.of(
            new SgdSettings(0.1f, 0.9f, true, 0.01f),
            new SgdSettings(0.1f, 0.9f, false, 0.01f),
            SgdSettings.plain(0.5f))) {
      try (NDManager manager = NDManager.newBaseManager()) {
        MomentumSgd sgd = MomentumSgd.builder(settings).build();
        Parameter parameter = parameter(manager);
        for (int t = 0; t < 3; t++) {
          step(sgd, parameter, manager);
        }
        float[] actual = parameter.getArray().toFloatArray();
        double[] expected = reference(settings, 3);
        for (int i = 0; i < actual.length; i++) {
          assertThat((double) actual[i]).as("%s", settings).isCloseTo(expected[i], within(1e-5));
        }
        // The engine's update zeroes the gradient, so the next backward starts clean.
        assertThat(parameter.getArray().getGradient().abs().sum().getFloat()).isZero();
      }
    }
  }

  @Test
  void savedState_continuesBitForBit() throws Exception {
    SgdSettings settings = SgdSettings.wideResNet();
    try (NDManager manager = NDManager.newBaseManager()) {
      MomentumSgd straight = MomentumSgd.builder(settings).build();
      Parameter a = parameter(manager);
      step(straight, a, manager);
      step(straight, a, manager);

      MomentumSgd before = MomentumSgd.builder(settings).build();
      Parameter b = parameter(manager);
      step(before, b, manager);
      before.setLearningRate(0.1f);
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(buffer)) {
        before.saveState(List.of(b), out);
      }
      MomentumSgd after = MomentumSgd.builder(settings).build();
      try (DataInputStream in =
          new DataInputStream(new ByteArrayInputStream(buffer.toByteArray()))) {
        after.loadState(List.of(b), in);
      }
      step(after, b, manager);
      assertThat(b.getArray().toFloatArray()).isEqualTo(a.getArray().toFloatArray());
    }
  }

  @Test
  void settings_rejectNonsense() {
    assertThatThrownBy(() -> new SgdSettings(0f, 0.9f, false, 0f))
        .hasMessageContaining("learning rate must be > 0 but was 0.0");
    assertThatThrownBy(() -> new SgdSettings(0.1f, 1f, false, 0f))
        .hasMessageContaining("momentum must be in [0, 1) but was 1.0");
    assertThatThrownBy(() -> new SgdSettings(0.1f, 0f, true, 0f)).hasMessageContaining("Nesterov");
    assertThatThrownBy(() -> new SgdSettings(0.1f, 0.9f, false, -1f))
        .hasMessageContaining("weight decay must be >= 0 but was -1.0");
  }
}
