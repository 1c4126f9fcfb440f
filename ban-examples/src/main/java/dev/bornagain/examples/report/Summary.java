package dev.bornagain.examples.report;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Locale;

/**
 * Mean and sample standard deviation of one column over seeds.
 *
 * @param mean the mean
 * @param std the sample standard deviation (n - 1), 0 for a single value
 * @param count how many values
 */
public record Summary(double mean, double std, int count) {

  /**
   * Summarises values.
   *
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public static Summary of(List<Double> values) {
    checkArgument(!values.isEmpty(), "nothing to summarise");
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
    double std = values.size() > 1 ? Math.sqrt(squares / (values.size() - 1)) : 0;
    return new Summary(mean, std, values.size());
  }

  /** Formats as {@code 12.34 ± 0.56}, or {@code 12.34} for a single value. */
  public String format() {
    return count > 1
        ? String.format(Locale.ROOT, "%.2f ± %.2f", mean, std)
        : String.format(Locale.ROOT, "%.2f", mean);
  }
}
