package dev.bornagain.datasets.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

final class PerplexityTest {

  @Test
  void uniformPredictions_havePerplexityEqualToTheVocabularySize() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDList labels = new NDList(manager.create(new long[] {0, 1, 2, 3, 4, 5}, new Shape(2, 3)));
      NDList logits = new NDList(manager.zeros(new Shape(2, 3, 50)));
      Perplexity perplexity = new Perplexity();

      assertThat(perplexity.evaluate(labels, logits).getFloat()).isCloseTo(50f, within(1e-3f));
    }
  }

  @Test
  void accumulator_weightsBatchesByTheirTokens() {
    try (NDManager manager = NDManager.newBaseManager()) {
      // batch 1: 2 tokens, each predicted with probability 1/2 (logits ln 1 vs ln 1)
      NDList labels1 = new NDList(manager.create(new long[] {0, 0}, new Shape(1, 2)));
      NDList logits1 = new NDList(manager.zeros(new Shape(1, 2, 2)));
      // batch 2: 1 token with probability e / (e + 1)
      NDList labels2 = new NDList(manager.create(new long[] {1}, new Shape(1, 1)));
      NDList logits2 = new NDList(manager.create(new float[] {0, 1}, new Shape(1, 1, 2)));
      Perplexity perplexity = new Perplexity();
      perplexity.addAccumulator("valid");

      perplexity.updateAccumulator("valid", labels1, logits1);
      perplexity.updateAccumulator("valid", labels2, logits2);

      double crossEntropy = (2 * Math.log(2) - Math.log(Math.E / (Math.E + 1))) / 3;
      assertThat((double) perplexity.getAccumulator("valid"))
          .isCloseTo(Math.exp(crossEntropy), within(1e-5));
      perplexity.resetAccumulator("valid");
      assertThat(perplexity.getAccumulator("valid")).isNaN();
    }
  }

  @Test
  void fromMeanCrossEntropy_isTheExponential() {
    assertThat(Perplexity.fromMeanCrossEntropy(Math.log(71.87))).isCloseTo(71.87, within(1e-9));
    assertThatThrownBy(() -> Perplexity.fromMeanCrossEntropy(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void evaluate_rejectsMismatchedShapes() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDList labels = new NDList(manager.create(new long[] {0, 1}, new Shape(1, 2)));
      NDList logits = new NDList(manager.zeros(new Shape(1, 3, 5)));
      assertThatThrownBy(() -> new Perplexity().evaluate(labels, logits))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "Perplexity: labels have shape (1, 2) but logits of shape (1, 3, 5) need labels of"
                  + " shape (1, 3)");
      NDList outOfRange = new NDList(manager.create(new long[] {0, 5}, new Shape(1, 2)));
      NDList fitting = new NDList(manager.zeros(new Shape(1, 2, 5)));
      assertThatThrownBy(() -> new Perplexity().evaluate(outOfRange, fitting))
          .hasMessage("Perplexity: token ids must lie in [0, 5) but ranged over [0, 5]");
    }
  }
}
