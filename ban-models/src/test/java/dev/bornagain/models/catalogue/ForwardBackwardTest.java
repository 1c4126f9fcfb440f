package dev.bornagain.models.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every preset runs forward and backward on a batch of two with the right output shape, and every
 * trainable parameter receives a finite, non-zero gradient. Arrays live on the manager's default
 * device, so the same test runs on a GPU where one is present. The largest presets run only with
 * the {@code benchmark} tag.
 */
final class ForwardBackwardTest {

  private static final int CLASSES = 7;
  private static final int VOCABULARY = 50;

  /**
   * The presets whose forward and backward take seconds each on 2 cores; each family still runs in
   * the default suite at a smaller size.
   */
  static final Set<String> LARGE =
      Set.of("wrn-28-10", "densenet-90-60", "densenet-80-120", "lstm-2x1500-tied");

  static Stream<String> everyday() {
    return ModelCatalogue.names().stream().filter(n -> !LARGE.contains(n));
  }

  static Stream<String> large() {
    return LARGE.stream().sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyday")
  void preset_forwardAndBackwardOnBatchOfTwo(String name) {
    checkForwardBackward(ModelCatalogue.get(name));
  }

  @Tag("benchmark")
  @ParameterizedTest(name = "{0}")
  @MethodSource("large")
  void largePreset_forwardAndBackwardOnBatchOfTwo(String name) {
    checkForwardBackward(ModelCatalogue.get(name));
  }

  static void checkForwardBackward(ModelPreset preset) {
    Engine.getInstance().setRandomSeed(7);
    boolean tokens = preset.inputKind() == InputKind.TOKENS;
    int outputs = tokens ? VOCABULARY : CLASSES;
    Shape inputShape = preset.inputShape(2);
    try (NDManager manager = NDManager.newBaseManager()) {
      Block block = preset.build(outputs);
      block.initialize(manager, DataType.FLOAT32, inputShape);
      NDArray input =
          tokens
              ? manager.randomInteger(0, VOCABULARY, inputShape, DataType.INT64)
              : manager.randomNormal(inputShape);
      NDArray labels =
          manager.randomInteger(0, outputs, tokens ? inputShape : new Shape(2), DataType.INT64);
      ParameterStore store = new ParameterStore(manager, false);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray logits = block.forward(store, new NDList(input), true).singletonOrThrow();
        Shape expected =
            tokens ? new Shape(2, InputKind.SAMPLE_STEPS, outputs) : new Shape(2, outputs);
        assertThat(logits.getShape()).isEqualTo(expected);
        NDArray loss =
            Loss.softmaxCrossEntropyLoss()
                .evaluate(new NDList(labels.reshape(-1)), new NDList(logits.reshape(-1, outputs)));
        collector.backward(loss);
      }
      for (Pair<String, Parameter> pair : block.getParameters()) {
        Parameter p = pair.getValue();
        if (!p.requiresGradient()) {
          continue;
        }
        NDArray grad = p.getArray().getGradient();
        assertThat(grad.isInfinite().any().getBoolean() || grad.isNaN().any().getBoolean())
            .as("finite gradient of %s", pair.getKey())
            .isFalse();
        assertThat(grad.abs().max().getFloat())
            .as("gradient of %s", pair.getKey())
            .isGreaterThan(0f);
      }
    }
  }
}
