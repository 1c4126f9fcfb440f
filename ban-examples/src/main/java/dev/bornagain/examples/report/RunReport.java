package dev.bornagain.examples.report;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import dev.bornagain.core.IndependentBaselines;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 * @param stops where each seed's run stopped adding generations, when it chose how many to train;
 *     empty for a fixed number
 * @param settings every setting the numbers depend on except the seeds (model, loss, recipe, data,
 *     baselines), by name: shards of one study run on several machines must agree on all of them to
 *     be merged into one report; empty when unknown
 */
public record RunReport(
    String dataset,
    String model,
    String loss,
    Metric metric,
    ImmutableList<Long> seeds,
    ImmutableList<GenerationReport> generations,
    ImmutableList<EnsembleReport> ensembles,
    ImmutableList<String> notes,
    ImmutableList<StopReport> stops,
    ImmutableSortedMap<String, String> settings) {

  /** Checks that the report has at least one seed and one generation. */
  public RunReport {
    checkArgument(!seeds.isEmpty(), "a report needs at least one seed");
    checkArgument(!generations.isEmpty(), "a report needs at least one generation");
  }

  /** A report without recorded settings. */
  public RunReport(
      String dataset,
      String model,
      String loss,
      Metric metric,
      ImmutableList<Long> seeds,
      ImmutableList<GenerationReport> generations,
      ImmutableList<EnsembleReport> ensembles,
      ImmutableList<String> notes,
      ImmutableList<StopReport> stops) {
    this(
        dataset,
        model,
        loss,
        metric,
        seeds,
        generations,
        ensembles,
        notes,
        stops,
        ImmutableSortedMap.of());
  }

  /** A report of a run with a fixed number of generations. */
  public RunReport(
      String dataset,
      String model,
      String loss,
      Metric metric,
      ImmutableList<Long> seeds,
      ImmutableList<GenerationReport> generations,
      ImmutableList<EnsembleReport> ensembles,
      ImmutableList<String> notes) {
    this(dataset, model, loss, metric, seeds, generations, ensembles, notes, ImmutableList.of());
  }

  /** Returns a copy with other notes. */
  public RunReport withNotes(List<String> notes) {
    return new RunReport(
        dataset,
        model,
        loss,
        metric,
        seeds,
        generations,
        ensembles,
        ImmutableList.copyOf(notes),
        stops,
        settings);
  }

  /** Returns a copy with the settings it was made with. */
  public RunReport withSettings(Map<String, String> settings) {
    return new RunReport(
        dataset,
        model,
        loss,
        metric,
        seeds,
        generations,
        ensembles,
        notes,
        stops,
        ImmutableSortedMap.copyOf(settings));
  }

  /** Returns the generation names in order of first appearance ("teacher", "BAN-1", ...). */
  public ImmutableList<String> generationNames() {
    Set<String> names = new LinkedHashSet<>();
    generations.forEach(g -> names.add(g.name()));
    return ImmutableList.copyOf(names);
  }

  /**
   * Returns the ensemble names in order of first appearance, those with the teacher ("+T") after
   * the others and the independent baselines' ("Ind*m") last: when seeds trained different numbers
   * of generations, a later seed's Ens*4 still comes before Ens*auto+T.
   */
  public ImmutableList<String> ensembleNames() {
    Set<String> names = new LinkedHashSet<>();
    ensembles.forEach(e -> names.add(e.name()));
    return names.stream()
        .sorted(
            Comparator.comparing(
                (String name) ->
                    IndependentBaselines.isBaseline(name) ? 2 : name.endsWith("+T") ? 1 : 0))
        .collect(ImmutableList.toImmutableList());
  }

  /** Returns the test values of one column (a generation or an ensemble) over the seeds. */
  public ImmutableList<Double> testValues(String column) {
    return ImmutableList.copyOf(testValuesBySeed(column).values());
  }

  /**
   * Returns the test values of one column by run seed, in the order of the report: a run that chose
   * its number of generations may lack a column for some seeds.
   */
  public ImmutableMap<Long, Double> testValuesBySeed(String column) {
    Map<Long, Double> values = new LinkedHashMap<>();
    generations.stream()
        .filter(g -> g.name().equals(column))
        .forEach(g -> values.put(g.runSeed(), g.test()));
    ensembles.stream()
        .filter(e -> e.name().equals(column))
        .forEach(e -> values.put(e.runSeed(), e.test()));
    return ImmutableMap.copyOf(values);
  }

  /** Returns the mean test value of the teacher column, if there is one. */
  public OptionalDouble teacherMean() {
    return testValues("teacher").stream().mapToDouble(Double::doubleValue).average();
  }
}
