package dev.bornagain.models.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.bornagain.models.layers.ParameterCounter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class LstmLanguageModelTest {

  private static final int VOCABULARY = 20;
  private static final int HIDDEN = 8;
  private static final int STEPS = 5;

  private static LstmLanguageModel model(boolean tied, NDManager manager) {
    Engine.getInstance().setRandomSeed(3);
    LstmLanguageModel lm =
        LstmLanguageModel.builder()
            .setVocabularySize(VOCABULARY)
            .setHiddenSize(HIDDEN)
            .setNumLayers(2)
            .optDropRate(0.5f)
            .optTiedWeights(tied)
            .build();
    lm.initialize(manager, DataType.FLOAT32, new Shape(2, STEPS));
    return lm;
  }

  private static NDArray tokens(NDManager manager, long batch) {
    // Only ids below 10 appear in the input.
    return manager.randomInteger(0, 10, new Shape(batch, STEPS), DataType.INT64);
  }

  @Test
  void tiedWeights_shareOneParameterUsedByEmbeddingAndDecoder() {
    try (NDManager manager = NDManager.newBaseManager()) {
      LstmLanguageModel lm = model(true, manager);
      assertThat(lm.isTied()).isTrue();
      List<Parameter> weights =
          lm.getDirectParameters().values().stream()
              .filter(p -> p.getType() == Parameter.Type.WEIGHT)
              .toList();
      assertThat(weights).hasSize(1);
      long perLayer = 4L * HIDDEN * (2 * HIDDEN) + 2 * 4 * HIDDEN;
      assertThat(ParameterCounter.trainable(lm))
          .isEqualTo((long) VOCABULARY * HIDDEN + 2 * perLayer + VOCABULARY);

      backward(lm, manager, tokens(manager, 2));
      NDArray grad = weights.get(0).getArray().getGradient();
      // Ids 10..19 never appear in the input: their gradient comes from the decoder alone.
      assertThat(grad.get("10:").abs().sum().getFloat()).isGreaterThan(0f);
    }
  }

  @Test
  void untiedEmbedding_getsNoGradientForUnseenTokens() {
    try (NDManager manager = NDManager.newBaseManager()) {
      LstmLanguageModel lm = model(false, manager);
      assertThat(lm.isTied()).isFalse();
      backward(lm, manager, tokens(manager, 2));
      Parameter embedding = lm.getDirectParameters().get("embedding");
      NDArray grad = embedding.getArray().getGradient();
      assertThat(grad.get("10:").abs().sum().getFloat()).isEqualTo(0f);
      assertThat(grad.get(":10").abs().sum().getFloat()).isGreaterThan(0f);
    }
  }

  @Test
  void hiddenState_isCarriedAcrossBatches_andResetRestoresTheFirstOutput() {
    try (NDManager manager = NDManager.newBaseManager()) {
      LstmLanguageModel lm = model(true, manager);
      NDArray x = tokens(manager, 2);
      float[] first = infer(lm, manager, x);
      float[] second = infer(lm, manager, x);
      assertThat(second).isNotEqualTo(first);
      lm.resetState();
      assertThat(infer(lm, manager, x)).isEqualTo(first);
    }
  }

  @Test
  void changedBatchSize_startsFromZeroState() {
    try (NDManager manager = NDManager.newBaseManager()) {
      LstmLanguageModel lm = model(false, manager);
      NDArray three = tokens(manager, 3);
      float[] fresh = infer(lm, manager, three);
      infer(lm, manager, tokens(manager, 2));
      assertThat(infer(lm, manager, three)).isEqualTo(fresh);
    }
  }

  @Test
  void carriedState_outlivesTheBatchManager_andIsDetachedBetweenBatches() {
    try (NDManager manager = NDManager.newBaseManager()) {
      LstmLanguageModel lm = model(true, manager);
      for (int i = 0; i < 3; i++) {
        try (NDManager batch = manager.newSubManager()) {
          // Backward twice through a shared graph would fail if the state were not detached.
          backward(lm, batch, tokens(batch, 2));
        }
        NDArray state = lm.carriedHidden();
        assertThat(state.isReleased()).isFalse();
        assertThat(state.getShape()).isEqualTo(new Shape(2, 2, HIDDEN));
        assertThat(state.hasGradient()).isFalse();
        assertThat(state.abs().sum().getFloat()).isGreaterThan(0f);
      }
      lm.resetState();
      assertThat(lm.carriedHidden()).isNull();
    }
  }

  @Test
  void floatTokenIds_areAccepted() {
    try (NDManager manager = NDManager.newBaseManager()) {
      LstmLanguageModel lm = model(false, manager);
      NDArray ids = tokens(manager, 2);
      float[] fromLongs = infer(lm, manager, ids);
      lm.resetState();
      assertThat(infer(lm, manager, ids.toType(DataType.FLOAT32, false))).isEqualTo(fromLongs);
    }
  }

  @Test
  void savedAndLoadedModel_givesTheSameOutputs(@TempDir Path dir) throws Exception {
    try (NDManager manager = NDManager.newBaseManager();
        Model saved = Model.newInstance("lm");
        Model loaded = Model.newInstance("lm")) {
      LstmLanguageModel original = model(true, saved.getNDManager());
      saved.setBlock(original);
      saved.save(dir, "lm");
      loaded.setBlock(
          LstmLanguageModel.builder()
              .setVocabularySize(VOCABULARY)
              .setHiddenSize(HIDDEN)
              .setNumLayers(2)
              .optDropRate(0.5f)
              .optTiedWeights(true)
              .build());
      loaded.load(dir, "lm");
      NDArray x = tokens(manager, 2);
      LstmLanguageModel copy = (LstmLanguageModel) loaded.getBlock();
      assertThat(infer(copy, manager, x)).isEqualTo(infer(original, manager, x));
      // The loaded block carries its state too.
      assertThat(copy.carriedHidden()).isNotNull();
    }
  }

  @Test
  void build_rejectsTiedWeightsWithDifferentSizes() {
    assertThatThrownBy(
            () ->
                LstmLanguageModel.builder()
                    .setVocabularySize(100)
                    .setHiddenSize(200)
                    .setNumLayers(2)
                    .optEmbeddingSize(100)
                    .optTiedWeights(true)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tied")
        .hasMessageContaining("100")
        .hasMessageContaining("200");
  }

  @Test
  void build_rejectsZeroSizesAndBadDropout() {
    assertThatThrownBy(
            () -> LstmLanguageModel.builder().setVocabularySize(100).setNumLayers(2).build())
        .hasMessageContaining("hidden size");
    assertThatThrownBy(
            () -> LstmLanguageModel.builder().setVocabularySize(100).setHiddenSize(10).build())
        .hasMessageContaining("layers");
    assertThatThrownBy(
            () ->
                LstmLanguageModel.builder()
                    .setVocabularySize(100)
                    .setHiddenSize(10)
                    .setNumLayers(1)
                    .optDropRate(1f)
                    .build())
        .hasMessageContaining("dropout");
  }

  private static float[] infer(LstmLanguageModel lm, NDManager manager, NDArray x) {
    NDArray out =
        lm.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
    assertThat(out.getShape()).isEqualTo(new Shape(x.getShape().get(0), STEPS, VOCABULARY));
    return out.toFloatArray();
  }

  private static void backward(LstmLanguageModel lm, NDManager manager, NDArray x) {
    NDArray labels = manager.randomInteger(0, VOCABULARY, new Shape(2 * STEPS), DataType.INT64);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray logits =
          lm.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
      NDArray loss =
          Loss.softmaxCrossEntropyLoss()
              .evaluate(new NDList(labels), new NDList(logits.reshape(-1, VOCABULARY)));
      collector.backward(loss);
    }
  }
}
