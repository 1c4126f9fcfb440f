package dev.bornagain.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.util.PairList;
import dev.bornagain.core.ensemble.EnsemblePredictor;
import dev.bornagain.core.optim.LearningRateSchedule;
import dev.bornagain.core.optim.SgdSettings;
import dev.bornagain.core.train.EvaluationResult;
import dev.bornagain.models.StatefulBlock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class SequenceModelTest {

  static final int VOCAB = 5;
  static final int STEPS = 6;

  /**
   * A tiny stateful language model: one-hot tokens, a tanh layer that adds the hidden state carried
   * over from the previous batch, and a projection to the vocabulary. Counts its resets.
   */
  static final class TinyLm extends AbstractBlock implements StatefulBlock {
    private final Linear in;
    private final Linear out;
    private NDArray state;
    int resets;

    TinyLm() {
      super((byte) 1);
      in = addChildBlock("in", Linear.builder().setUnits(8).build());
      out = addChildBlock("out", Linear.builder().setUnits(VOCAB).build());
    }

    @Override
    public void resetState() {
      resets++;
      if (state != null) {
        state.close();
        state = null;
      }
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      NDArray tokens = inputs.head();
      NDArray x = tokens.toType(DataType.INT64, false).oneHot(VOCAB);
      NDArray h = in.forward(store, new NDList(x), training).head();
      if (state != null && state.getShape().get(0) == tokens.getShape().get(0)) {
        h = h.add(state.expandDims(1));
      }
      h = h.tanh();
      NDArray carried = h.get(":, -1, :").stopGradient().duplicate();
      carried.detach();
      if (state != null) {
        state.close();
      }
      state = carried;
      return out.forward(store, new NDList(h), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1), VOCAB)};
    }

    @Override
    protected void initializeChildBlocks(
        NDManager manager, DataType dataType, Shape... inputShapes) {
      long n = inputShapes[0].get(0);
      long t = inputShapes[0].get(1);
      in.initialize(manager, dataType, new Shape(n, t, VOCAB));
      out.initialize(manager, dataType, new Shape(n, t, 8));
    }
  }

  /** Contiguous windows of a periodic token stream; targets are the next tokens. */
  static ArrayDataset windows(NDManager manager, int windows) {
    float[] x = new float[windows * STEPS];
    float[] y = new float[windows * STEPS];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % VOCAB;
      y[i] = (i + 1) % VOCAB;
    }
    return new ArrayDataset.Builder()
        .setData(manager.create(x, new Shape(windows, STEPS)))
        .optLabels(manager.create(y, new Shape(windows, STEPS)))
        .setSampling(8, false)
        .build();
  }

  @Test
  void languageModel_trainsWithStateResetPerModelAndScoresPerplexity() throws Exception {
    List<TinyLm> built = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      ArrayDataset train = windows(manager, 64);
      ArrayDataset valid = windows(manager, 16);
      BornAgainResult result =
          BornAgain.builder()
              .student(
                  () -> {
                    TinyLm lm = new TinyLm();
                    built.add(lm);
                    return lm;
                  })
              .generations(1)
              .loss(new BornAgainTest.CountingKd())
              .epochs(3)
              .optimizer(SgdSettings.plain(0.5f))
              .learningRateSchedule(LearningRateSchedule.plateau(4f))
              .seed(5)
              .quiet()
              .train(train, valid);

      // Built in order: the teacher's and BAN-1's architectures for the configuration's
      // fingerprint (initialised, never run), the teacher's student, BAN-1's frozen teacher, BAN-1.
      assertThat(built).hasSize(5);
      assertThat(built.subList(0, 2)).allSatisfy(lm -> assertThat(lm.resets).isZero());
      TinyLm frozenTeacher = built.get(3);
      TinyLm student = built.get(4);
      // The frozen teacher resets at every epoch start; the student too, and around each
      // validation.
      assertThat(frozenTeacher.resets).isEqualTo(3);
      assertThat(student.resets).isEqualTo(3 + 3 * 2);

      assertThat(result.generation(1).lastEpoch().orElseThrow().validationPerplexity())
          .isLessThan(VOCAB);
      try (EnsemblePredictor ens = result.ensembleWithTeacher(1)) {
        EvaluationResult score = ens.evaluate(valid);
        assertThat(score.samples()).isEqualTo(16 * STEPS);
        assertThat(score.perplexity()).isLessThan(VOCAB);
      }
    }
  }
}
