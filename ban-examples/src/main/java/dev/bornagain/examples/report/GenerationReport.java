package dev.bornagain.examples.report;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * One generation of one seed's run: the teacher or {@code BAN-k}.
 *
 * @param name "teacher" or "BAN-k"
 * @param runSeed the base seed of the run this generation belongs to
 * @param seed the generation's own seed, derived from the run seed
 * @param test the test error (percent) or perplexity of the last epoch
 * @param validation the validation error (percent) or perplexity of the last epoch
 * @param epochs the learning curve
 */
public record GenerationReport(
    String name,
    long runSeed,
    long seed,
    double test,
    double validation,
    ImmutableList<EpochReport> epochs) {

  /** Copies the epochs into an immutable list. */
  public GenerationReport {
    checkArgument(!name.isBlank(), "generation name must not be blank");
    epochs = ImmutableList.copyOf(epochs);
  }

  /** Creates a report from any list of epochs. */
  public static GenerationReport of(
      String name, long runSeed, long seed, double test, double validation, List<EpochReport> e) {
    return new GenerationReport(name, runSeed, seed, test, validation, ImmutableList.copyOf(e));
  }
}
