package dev.bornagain.models.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Trainable parameter counts against PyTorch's {@code sum(p.numel() for p in model.parameters())}
 * of the reference implementations (Wide-ResNet: Zagoruyko's and xternalz's code; DenseNet-BC: the
 * official Torch/PyTorch code; CIFAR ResNet option A), and against hand arithmetic for the language
 * models.
 */
final class ParameterCountTest {

  @ParameterizedTest(name = "{0} on {1} classes has {2} parameters")
  @CsvSource({
    "wrn-28-10, 10, 36479194",
    "wrn-28-5, 10, 9132634",
    "wrn-28-2, 10, 1467610",
    "wrn-28-1, 10, 369498",
    "wrn-16-1, 10, 175066",
    "wrn-28-10, 100, 36536884",
    "densenet-bc-100-12, 10, 769162",
    "densenet-bc-100-12, 100, 800032",
    "resnet-20, 10, 269722",
    "resnet-56, 10, 853018",
    // Pre-ResNet-14 with projection shortcuts is the same network as WRN-16-1.
    "preresnet-14, 10, 175066",
  })
  void referenceArchitectures_matchPyTorchCounts(String preset, int classes, long expected) {
    assertThat(ModelCatalogue.get(preset).parameterCount(classes)).isEqualTo(expected);
  }

  /**
   * The paper's DenseNet-d-k under this library's interpretation (BC, compression 0.5, (d-4)/2
   * layers spread over three blocks); the paper reports 6.3M, 16.1M, 22.4M and 50.4M. Computed
   * independently with a short script that sums the layer sizes.
   */
  @ParameterizedTest(name = "{0} has {1} parameters on 10 classes")
  @CsvSource({
    "densenet-112-33, 6892786",
    "densenet-90-60, 15547810",
    "densenet-80-80, 22748490",
    "densenet-80-120, 51085930",
  })
  void paperDenseNets_matchDocumentedInterpretation(String preset, long expected) {
    assertThat(ModelCatalogue.get(preset).parameterCount(10)).isEqualTo(expected);
  }

  @Test
  void lstm2x1500Tied_matchesPaperModelCount() {
    long vocabulary = 10_000;
    long hidden = 1500;
    long embeddingTiedWithDecoder = vocabulary * hidden;
    long decoderBias = vocabulary;
    // W_ih, W_hh and two bias vectors per layer, as PyTorch counts them.
    long perLayer = 4 * hidden * (hidden + hidden) + 2 * 4 * hidden;
    long expected = embeddingTiedWithDecoder + 2 * perLayer + decoderBias;
    assertThat(expected).isEqualTo(51_034_000L);
    assertThat(ModelCatalogue.get("lstm-2x1500-tied").parameterCount(10_000)).isEqualTo(expected);
  }

  @Test
  void lstm2x200Untied_countsSeparateDecoderWeight() {
    long v = 10_000;
    long h = 200;
    long expected = v * h + 2 * (4 * h * (h + h) + 2 * 4 * h) + v * h + v;
    assertThat(ModelCatalogue.get("lstm-2x200").parameterCount(10_000)).isEqualTo(expected);
  }
}
