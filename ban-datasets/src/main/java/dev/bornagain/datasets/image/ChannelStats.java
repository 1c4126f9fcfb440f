package dev.bornagain.datasets.image;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.bornagain.models.serving.PixelNormalization;

/**
 * Per-channel mean and standard deviation of pixel values scaled to [0, 1], used to normalise
 * images as {@code (pixel / 255 - mean) / std}. Datasets compute them from their training split
 * (validation images excluded), and every split of a dataset uses the training statistics.
 *
 * @param mean the mean of each channel, in [0, 1]
 * @param std the population standard deviation of each channel, positive
 */
public record ChannelStats(ImmutableList<Double> mean, ImmutableList<Double> std) {

  /**
   * Checks the statistics.
   *
   * @throws IllegalArgumentException if the lists are empty, differ in length, or a standard
   *     deviation is not positive and finite
   */
  public ChannelStats {
    checkArgument(
        !mean.isEmpty() && mean.size() == std.size(),
        "mean and std need one entry per channel but had %s and %s",
        mean.size(),
        std.size());
    for (double s : std) {
      checkArgument(s > 0 && Double.isFinite(s), "std must be positive and finite but was %s", std);
    }
    for (double m : mean) {
      checkArgument(Double.isFinite(m), "mean must be finite but was %s", mean);
    }
  }

  /**
   * Computes the statistics of every pixel of {@code images}, exactly, from per-channel histograms.
   *
   * @param images the images (normally a training split)
   * @return their per-channel mean and population standard deviation
   * @throws IllegalArgumentException if {@code images} is empty or a channel is constant
   */
  public static ChannelStats of(ImageSet images) {
    checkArgument(images.size() > 0, "cannot compute statistics of no images");
    int channels = images.channels();
    int plane = images.height() * images.width();
    long[][] histogram = new long[channels][256];
    byte[] pixels = images.pixelArray();
    for (int i = 0; i < images.size(); i++) {
      int offset = images.offset(i);
      for (int c = 0; c < channels; c++) {
        long[] h = histogram[c];
        int start = offset + c * plane;
        for (int p = start; p < start + plane; p++) {
          h[pixels[p] & 0xFF]++;
        }
      }
    }
    ImmutableList.Builder<Double> means = ImmutableList.builder();
    ImmutableList.Builder<Double> stds = ImmutableList.builder();
    for (int c = 0; c < channels; c++) {
      double n = 0;
      double sum = 0;
      for (int v = 0; v < 256; v++) {
        n += histogram[c][v];
        sum += histogram[c][v] * (v / 255.0);
      }
      double mean = sum / n;
      double squares = 0;
      for (int v = 0; v < 256; v++) {
        double d = v / 255.0 - mean;
        squares += histogram[c][v] * d * d;
      }
      means.add(mean);
      stds.add(Math.sqrt(squares / n));
    }
    return new ChannelStats(means.build(), stds.build());
  }

  /** Returns the number of channels. */
  public int channels() {
    return mean.size();
  }

  /**
   * Returns, per channel, the normalised float value of each of the 256 byte values, so that
   * normalising an image is a table look-up.
   */
  float[][] lookupTables() {
    // One formula for training and serving: a served image reaches the network in the same bits.
    return PixelNormalization.lookupTables(mean, std);
  }
}
