package dev.bornagain.models.serving;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * Image bytes to the floats a network was trained on, {@code (v / 255 - mean) / std} per channel,
 * as a table of the 256 byte values per channel. Training and serving both use these tables, so a
 * served image reaches the network in exactly the bits it would have had in training.
 */
public final class PixelNormalization {

  private PixelNormalization() {}

  /**
   * Returns the tables.
   *
   * @param mean each channel's mean of {@code v / 255}
   * @param std each channel's standard deviation of {@code v / 255}, positive
   * @return {@code tables[channel][byte value]}
   * @throws IllegalArgumentException if the lists differ in length, are empty, or a std is not
   *     positive
   */
  public static float[][] lookupTables(List<Double> mean, List<Double> std) {
    checkArgument(
        !mean.isEmpty() && mean.size() == std.size(),
        "mean and std need one entry per channel but had %s and %s",
        mean.size(),
        std.size());
    float[][] tables = new float[mean.size()][256];
    for (int c = 0; c < mean.size(); c++) {
      checkArgument(std.get(c) > 0, "std must be positive but was %s", std);
      for (int v = 0; v < 256; v++) {
        tables[c][v] = (float) ((v / 255.0 - mean.get(c)) / std.get(c));
      }
    }
    return tables;
  }
}
