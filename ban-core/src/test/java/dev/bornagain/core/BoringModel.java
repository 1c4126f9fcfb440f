package dev.bornagain.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.dataset.ArrayDataset;
import dev.bornagain.core.listen.EpochMetrics;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The tiny model every core test trains: an MLP with batch norm and dropout on synthetic, separable
 * Gaussian clusters. Trains in well under a second per epoch on CPU.
 */
final class BoringModel {

  static final int FEATURES = 8;
  static final int CLASSES = 3;

  private BoringModel() {}

  /** Linear(32) -> BatchNorm -> ReLU -> Dropout(0.2) -> Linear(classes). */
  static Block mlp(int classes) {
    return mlp(32, classes);
  }

  /** Linear(hidden) -> BatchNorm -> ReLU -> Dropout(0.2) -> Linear(classes). */
  static SequentialBlock mlp(int hidden, int classes) {
    return mlpInto(new SequentialBlock(), hidden, classes);
  }

  static SequentialBlock mlpInto(SequentialBlock block, int hidden, int classes) {
    return block
        .add(Linear.builder().setUnits(hidden).build())
        .add(BatchNorm.builder().build())
        .add(Activation::relu)
        .add(Dropout.builder().optRate(0.2f).build())
        .add(Linear.builder().setUnits(classes).build());
  }

  /** The batch size of {@link #data}. */
  static final int BATCH_SIZE = 32;

  static Block mlp() {
    return mlp(CLASSES);
  }

  /**
   * Gaussian clusters around random centres, drawn from a Java random generator of its own.
   *
   * @param shuffle whether batches are shuffled (random sampling)
   */
  static ArrayDataset data(NDManager manager, int samples, long seed, boolean shuffle) {
    NDArray[] arrays = arrays(manager, samples, seed);
    return new ArrayDataset.Builder()
        .setData(arrays[0])
        .optLabels(arrays[1])
        .setSampling(BATCH_SIZE, shuffle)
        .build();
  }

  /** Returns {features (samples, FEATURES), labels (samples)}. */
  static NDArray[] arrays(NDManager manager, int samples, long seed) {
    Random random = new Random(seed);
    float[][] centres = new float[CLASSES][FEATURES];
    Random centreRandom = new Random(12345);
    for (float[] centre : centres) {
      for (int j = 0; j < FEATURES; j++) {
        centre[j] = (float) centreRandom.nextGaussian() * 2f;
      }
    }
    float[] x = new float[samples * FEATURES];
    float[] y = new float[samples];
    for (int i = 0; i < samples; i++) {
      int label = random.nextInt(CLASSES);
      y[i] = label;
      for (int j = 0; j < FEATURES; j++) {
        x[i * FEATURES + j] = centres[label][j] + (float) random.nextGaussian();
      }
    }
    return new NDArray[] {
      manager.create(x, new Shape(samples, FEATURES)), manager.create(y, new Shape(samples))
    };
  }

  /** Every epoch's training loss, generation after generation: equal lists mean equal runs. */
  static List<Double> trainingLosses(BornAgainResult result) {
    return result.generations().stream()
        .flatMap(g -> g.epochs().stream())
        .map(EpochMetrics::trainingLoss)
        .toList();
  }

  /**
   * A test class's training set (seed 1, shuffled) and validation set (seed 2), made once before
   * its tests and closed after them: {@code @RegisterExtension static final BoringModel.Sets sets =
   * new BoringModel.Sets(256, 96);}
   */
  static final class Sets implements BeforeAllCallback, AfterAllCallback {
    private final int trainingSamples;
    private final int validationSamples;
    private NDManager manager;
    private ArrayDataset training;
    private ArrayDataset validation;

    Sets(int trainingSamples, int validationSamples) {
      this.trainingSamples = trainingSamples;
      this.validationSamples = validationSamples;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
      manager = NDManager.newBaseManager();
      training = data(manager, trainingSamples, 1, true);
      validation = data(manager, validationSamples, 2, false);
    }

    @Override
    public void afterAll(ExtensionContext context) {
      manager.close();
    }

    /** The manager holding both sets, open for the test class's own arrays. */
    NDManager manager() {
      return manager;
    }

    ArrayDataset training() {
      return training;
    }

    ArrayDataset validation() {
      return validation;
    }
  }
}
