package dev.bornagain.models.catalogue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.google.common.base.Preconditions;

/**
 * Measures a preset's inference-mode forward time on one batch of random inputs, on the default
 * device of the engine.
 */
public final class ForwardTiming {

  /**
   * One measurement.
   *
   * @param preset the preset's name
   * @param batchSize the batch size
   * @param repeats the timed passes averaged
   * @param millisPerBatch mean wall time of one forward pass, in milliseconds
   * @param minMillisPerBatch the fastest timed pass, in milliseconds; less sensitive than the mean
   *     to other processes competing for the cores
   */
  public record Result(
      String preset, int batchSize, int repeats, double millisPerBatch, double minMillisPerBatch) {}

  private ForwardTiming() {}

  /**
   * Builds the preset, initialises it with seed 0, runs {@code warmup} untimed and {@code repeats}
   * timed forward passes in inference mode (each pass in its own sub-manager; the output is read
   * back so the time includes the whole computation) and returns the mean and the minimum.
   *
   * @param preset the preset
   * @param classesOrVocabulary classes or vocabulary size
   * @param batchSize images (or sequences) per batch
   * @param warmup untimed passes first, at least 0
   * @param repeats timed passes, at least 1
   * @return the measurement
   * @throws IllegalArgumentException if a count is out of range
   */
  public static Result measure(
      ModelPreset preset, int classesOrVocabulary, int batchSize, int warmup, int repeats) {
    Preconditions.checkArgument(batchSize >= 1, "batch size must be >= 1 but was %s", batchSize);
    Preconditions.checkArgument(warmup >= 0, "warm-up passes must be >= 0 but was %s", warmup);
    Preconditions.checkArgument(repeats >= 1, "timed passes must be >= 1 but was %s", repeats);
    Engine.getInstance().setRandomSeed(0);
    Shape shape = preset.inputShape(batchSize);
    try (NDManager manager = NDManager.newBaseManager()) {
      Block block = preset.build(classesOrVocabulary);
      block.initialize(manager, DataType.FLOAT32, shape);
      NDArray input =
          preset.inputKind() == InputKind.TOKENS
              ? manager.randomInteger(0, classesOrVocabulary, shape, DataType.INT64)
              : manager.randomNormal(shape);
      ParameterStore store = new ParameterStore(manager, false);
      for (int i = 0; i < warmup; i++) {
        forwardOnce(block, store, input);
      }
      double total = 0;
      double min = Double.POSITIVE_INFINITY;
      for (int i = 0; i < repeats; i++) {
        long start = System.nanoTime();
        forwardOnce(block, store, input);
        double millis = (System.nanoTime() - start) / 1e6;
        total += millis;
        min = Math.min(min, millis);
      }
      return new Result(preset.name(), batchSize, repeats, total / repeats, min);
    }
  }

  private static void forwardOnce(Block block, ParameterStore store, NDArray input) {
    try (NDManager batch = input.getManager().newSubManager()) {
      NDArray x = input.duplicate();
      x.attach(batch);
      NDArray out = block.forward(store, new NDList(x), false).singletonOrThrow();
      out.attach(batch);
      out.sum().getFloat();
    }
  }
}
