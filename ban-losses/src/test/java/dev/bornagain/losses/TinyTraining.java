package dev.bornagain.losses;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.metric.Metric;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.List;

/**
 * A tiny MLP (Linear, relu, Linear) trained with a distillation loss through DJL's {@code
 * EasyTrain.fit} on synthetic data: a fixed random linear teacher's logits label every point, and
 * the hard labels are the teacher's argmax. Validation batches carry only the hard labels.
 */
final class TinyTraining {

  static final int FEATURES = 8;
  static final int CLASSES = 4;
  static final int EPOCHS = 5;

  /** Per-epoch metrics of one run, as DJL's evaluator listener recorded them. */
  record Run(List<Float> trainLoss, List<Float> validationLoss, float validationAccuracy) {}

  private TinyTraining() {}

  static Run train(DistillationLoss loss) {
    Engine.getInstance().setRandomSeed(1234);
    try (NDManager manager = NDManager.newBaseManager();
        Model model = Model.newInstance("tiny")) {
      NDArray teacherWeights = manager.randomNormal(new Shape(FEATURES, CLASSES)).mul(2);
      ArrayDataset training = dataset(manager, teacherWeights, 256, true);
      ArrayDataset validation = dataset(manager, teacherWeights, 64, false);

      model.setBlock(
          new SequentialBlock()
              .add(Linear.builder().setUnits(16).build())
              .add(Activation::relu)
              .add(Linear.builder().setUnits(CLASSES).build()));
      Accuracy accuracy = new Accuracy();
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(loss)
              .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.02f)).build())
              .addEvaluator(accuracy)
              .addTrainingListeners(TrainingListener.Defaults.basic());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.setMetrics(new Metrics());
        trainer.initialize(new Shape(1, FEATURES));
        EasyTrain.fit(trainer, EPOCHS, training, validation);
        Metrics metrics = trainer.getMetrics();
        List<Metric> accuracies =
            metrics.getMetric(
                EvaluatorTrainingListener.metricName(
                    accuracy, EvaluatorTrainingListener.VALIDATE_EPOCH));
        return new Run(
            values(metrics, "train_epoch_" + loss.getName()),
            values(metrics, "validate_epoch_" + loss.getName()),
            accuracies.get(accuracies.size() - 1).getValue().floatValue());
      } catch (IOException | TranslateException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static List<Float> values(Metrics metrics, String name) {
    return metrics.getMetric(name).stream().map(m -> m.getValue().floatValue()).toList();
  }

  private static ArrayDataset dataset(
      NDManager manager, NDArray teacherWeights, int size, boolean withTeacher) {
    NDArray features = manager.randomNormal(new Shape(size, FEATURES));
    NDArray teacherLogits = features.matMul(teacherWeights);
    NDArray hardLabels = teacherLogits.argMax(1);
    ArrayDataset.Builder builder =
        new ArrayDataset.Builder().setData(features).setSampling(32, false);
    if (withTeacher) {
      builder.optLabels(hardLabels, teacherLogits);
    } else {
      builder.optLabels(hardLabels);
    }
    return builder.build();
  }
}
