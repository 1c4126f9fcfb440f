package dev.bornagain.benchmarks.step;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import dev.bornagain.core.data.RepeatableDataset;
import java.util.Random;

/**
 * Random images (standard normal pixels) and uniform random labels held in memory, served in a
 * fixed order without augmentation: every epoch yields the same batches, so it is a {@link
 * RepeatableDataset} and allows cached teacher outputs.
 */
final class SyntheticImages extends ArrayDataset implements RepeatableDataset {

  private SyntheticImages(ArrayDataset.Builder builder) {
    super(builder);
  }

  /**
   * Creates {@code batches} batches of {@code batchSize} samples.
   *
   * @param manager owns the arrays; close it to free them
   * @param sampleShape the shape of one image, e.g. (3, 32, 32)
   * @param classes labels are drawn from [0, classes)
   * @param batches the number of batches per epoch
   * @param batchSize the samples per batch
   * @param seed the seed of the pixels and labels
   * @return the dataset
   * @throws IllegalArgumentException if a count is not positive
   */
  static SyntheticImages create(
      NDManager manager, Shape sampleShape, int classes, int batches, int batchSize, long seed) {
    checkArgument(classes >= 1, "classes must be >= 1 but was %s", classes);
    checkArgument(batches >= 1, "batches must be >= 1 but was %s", batches);
    checkArgument(batchSize >= 1, "batch size must be >= 1 but was %s", batchSize);
    int samples = Math.multiplyExact(batches, batchSize);
    Random random = new Random(seed);
    float[] pixels = new float[Math.toIntExact(samples * sampleShape.size())];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextGaussian();
    }
    long[] labels = new long[samples];
    for (int i = 0; i < samples; i++) {
      labels[i] = random.nextInt(classes);
    }
    NDArray data = manager.create(pixels, new Shape(samples).addAll(sampleShape));
    NDArray label = manager.create(labels);
    ArrayDataset.Builder builder =
        new ArrayDataset.Builder().setData(data).optLabels(label).setSampling(batchSize, false);
    return new SyntheticImages(builder);
  }
}
