package dev.bornagain.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bornagain.core.listen.EpochMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The epoch whose parameters are kept as the best on validation is the lowest of the value the run
 * was told to compare: a language model's best perplexity is often not its best top-1 error.
 */
final class BestEpochRuleTest {

  /** Epochs whose validation error falls while the loss rises after the second. */
  private static final double[][] ERROR_AND_LOSS = {{60, 5.0}, {55, 4.6}, {52, 4.8}, {50, 4.9}};

  private static List<String> keptEpochs(java.util.function.ToDoubleFunction<EpochMetrics> by) {
    List<EpochMetrics> seen = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (int e = 0; e < ERROR_AND_LOSS.length; e++) {
      seen.add(new EpochMetrics(0, e, 1, ERROR_AND_LOSS[e][1], ERROR_AND_LOSS[e][0], 0.1f, 1));
      if (GenerationTrainer.isBestSoFar(seen, by)) {
        kept.add("epoch " + e);
      }
    }
    return kept;
  }

  @Test
  void byLoss_theLowestLossIsKept_notTheLowestError() {
    assertThat(keptEpochs(EpochMetrics::validationLoss)).containsExactly("epoch 0", "epoch 1");
    assertThat(keptEpochs(EpochMetrics::validationErrorPercent))
        .containsExactly("epoch 0", "epoch 1", "epoch 2", "epoch 3");
  }

  @Test
  void aTie_keepsTheEarlierEpoch_andNoValidationSet_keepsNone() {
    List<EpochMetrics> tie =
        List.of(
            new EpochMetrics(0, 0, 1, 4.6, 50, 0.1f, 1),
            new EpochMetrics(0, 1, 1, 4.6, 50, 0.1f, 1));
    assertThat(GenerationTrainer.isBestSoFar(tie, EpochMetrics::validationLoss)).isFalse();
    List<EpochMetrics> none = List.of(new EpochMetrics(0, 0, 1, Double.NaN, Double.NaN, 0.1f, 1));
    assertThat(GenerationTrainer.isBestSoFar(none, EpochMetrics::validationLoss)).isFalse();
  }
}
