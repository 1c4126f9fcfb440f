package dev.bornagain.models.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Initialisation is seeded through the engine's random generator and follows the papers: He-normal
 * (fan-out) convolutions, PyTorch-default classifiers, BN at gamma 1 and beta 0.
 */
final class InitialisationTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"wrn-16-2", "densenet-bc-100-12", "resnet-20", "lstm-2x200"})
  void sameSeed_givesBitwiseIdenticalParameters_otherSeedDifferent(String name) {
    ModelPreset preset = ModelCatalogue.get(name);
    try (NDManager manager = NDManager.newBaseManager()) {
      List<float[]> first = initialise(preset, manager, 42);
      List<float[]> again = initialise(preset, manager, 42);
      List<float[]> other = initialise(preset, manager, 43);
      assertThat(again).hasSameSizeAs(first);
      int differing = 0;
      for (int i = 0; i < first.size(); i++) {
        assertThat(again.get(i)).as("parameter %s with the same seed", i).isEqualTo(first.get(i));
        if (!java.util.Arrays.equals(first.get(i), other.get(i))) {
          differing++;
        }
      }
      assertThat(differing).as("parameters that change with the seed").isGreaterThan(0);
    }
  }

  @Test
  void convolutions_areHeNormalWithFanOut() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(5);
      Block block = ModelCatalogue.get("wrn-16-2").build(10);
      block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
      int checked = 0;
      for (Pair<String, Parameter> pair : block.getParameters()) {
        NDArray w = pair.getValue().getArray();
        Shape s = w.getShape();
        if (s.dimension() == 4 && s.size() > 50_000) {
          double expectedStd = Math.sqrt(2.0 / (s.get(0) * s.get(2) * s.get(3)));
          double mean = w.mean().getFloat();
          double std = Math.sqrt(w.sub(mean).square().mean().getFloat());
          assertThat(std)
              .as("std of %s", pair.getKey())
              .isCloseTo(expectedStd, within(expectedStd * 0.03));
          assertThat(mean).isCloseTo(0.0, within(expectedStd * 0.03));
          checked++;
        } else if (s.dimension() == 2) {
          float bound = (float) (1 / Math.sqrt(s.get(1)));
          assertThat(w.abs().max().getFloat()).isLessThanOrEqualTo(bound);
          assertThat(w.abs().max().getFloat()).isGreaterThan(bound * 0.9f);
        } else if (pair.getValue().getType() == Parameter.Type.GAMMA) {
          assertThat(w.eq(1f).all().getBoolean()).isTrue();
        } else if (pair.getValue().getType() == Parameter.Type.BETA
            || pair.getValue().getType() == Parameter.Type.BIAS) {
          assertThat(w.eq(0f).all().getBoolean()).isTrue();
        }
      }
      assertThat(checked).as("large convolutions checked").isGreaterThan(3);
    }
  }

  private static List<float[]> initialise(ModelPreset preset, NDManager manager, int seed) {
    Engine.getInstance().setRandomSeed(seed);
    Block block = preset.build(preset.inputKind() == InputKind.TOKENS ? 100 : 10);
    block.initialize(manager, DataType.FLOAT32, preset.sampleInputShape());
    List<float[]> values = new ArrayList<>();
    for (Pair<String, Parameter> pair : block.getParameters()) {
      values.add(pair.getValue().getArray().toFloatArray());
    }
    return values;
  }
}
