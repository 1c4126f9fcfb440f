package dev.bornagain.models.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

/**
 * The blocks really train: a small preset memorises 64 randomly labelled images through DJL's
 * {@code Trainer}, judged afterwards in inference mode (running batch-norm statistics, no dropout).
 */
final class MemorisationTest {

  private static final int EXAMPLES = 64;
  private static final int CLASSES = 10;

  @Test
  void smallGreyCnn_fitsRandomLabelsToFullTrainingAccuracy() throws Exception {
    assertThat(memorise("cnn-small-grey", 40)).isEqualTo(1.0);
  }

  @Test
  void preResNet14_fitsRandomLabelsToFullTrainingAccuracy() throws Exception {
    assertThat(memorise("preresnet-14", 40)).isEqualTo(1.0);
  }

  private static double memorise(String presetName, int epochs) throws Exception {
    ModelPreset preset = ModelCatalogue.get(presetName);
    Engine.getInstance().setRandomSeed(11);
    try (NDManager manager = NDManager.newBaseManager();
        Model model = Model.newInstance(presetName)) {
      NDArray images = manager.randomNormal(preset.inputShape(EXAMPLES));
      NDArray labels = manager.randomInteger(0, CLASSES, new Shape(EXAMPLES), DataType.INT64);
      ArrayDataset data =
          new ArrayDataset.Builder()
              .setData(images)
              .optLabels(labels)
              .setSampling(16, true)
              .build();
      model.setBlock(preset.build(CLASSES));
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.003f)).build());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(preset.inputShape(16));
        for (int epoch = 0; epoch < epochs; epoch++) {
          for (Batch batch : trainer.iterateDataset(data)) {
            try (batch) {
              EasyTrain.trainBatch(trainer, batch);
              trainer.step();
            }
          }
        }
      }
      ParameterStore store = new ParameterStore(manager, false);
      NDArray predicted =
          model.getBlock().forward(store, new NDList(images), false).singletonOrThrow().argMax(1);
      return predicted.eq(labels).sum().getLong() / (double) EXAMPLES;
    }
  }
}
