package dev.bornagain.examples.report;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Everything one command run produced, over all its seeds: the input of every report writer.
 *
 * @param dataset the dataset's name, e.g. "cifar10"
 * @param model the model preset, e.g. "wrn-16-1"
 * @param loss the student loss, e.g. "ban"
 * @param metric error or perplexity
 * @param seeds the base seeds, one run each
 * @param generations one entry per generation and seed
 * @param ensembles one entry per ensemble and seed
 * @param notes free-text lines shown under the table (e.g. whether the BAN effect is visible)
 */
public record RunReport(
    String dataset,
    String model,
    String loss,
    Metric metric,
    ImmutableList<Long> seeds,
    ImmutableList<GenerationReport> generations,
    ImmutableList<EnsembleReport> ensembles,
    ImmutableList<String> notes) {

  /** Checks that the report has at least one seed and one generation. */
  public RunReport {
    checkArgument(!seeds.isEmpty(), "a report needs at least one seed");
    checkArgument(!generations.isEmpty(), "a report needs at least one generation");
  }

  /** Returns the generation names in order of first appearance ("teacher", "BAN-1", ...). */
  public ImmutableList<String> generationNames() {
    Set<String> names = new LinkedHashSet<>();
    generations.forEach(g -> names.add(g.name()));
    return ImmutableList.copyOf(names);
  }

  /** Returns the ensemble names in order of first appearance. */
  public ImmutableList<String> ensembleNames() {
    Set<String> names = new LinkedHashSet<>();
    ensembles.forEach(e -> names.add(e.name()));
    return ImmutableList.copyOf(names);
  }

  /** Returns the test values of one column (a generation or an ensemble) over the seeds. */
  public ImmutableList<Double> testValues(String column) {
    List<Double> values = new ArrayList<>();
    generations.stream().filter(g -> g.name().equals(column)).forEach(g -> values.add(g.test()));
    ensembles.stream().filter(e -> e.name().equals(column)).forEach(e -> values.add(e.test()));
    return ImmutableList.copyOf(values);
  }

  /** Returns the mean test value of the teacher column, if there is one. */
  public OptionalDouble teacherMean() {
    return testValues("teacher").stream().mapToDouble(Double::doubleValue).average();
  }
}
