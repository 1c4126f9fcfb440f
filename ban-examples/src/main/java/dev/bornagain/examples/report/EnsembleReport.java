package dev.bornagain.examples.report;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;

/**
 * One ensemble of generations of one seed's run, e.g. {@code Ens*3 = {BAN-1, BAN-2, BAN-3}}.
 *
 * @param name the column name, e.g. "Ens*3"
 * @param runSeed the base seed of the run
 * @param members the generations whose probabilities were averaged
 * @param test the test error (percent) or perplexity
 */
public record EnsembleReport(
    String name, long runSeed, ImmutableList<String> members, double test) {

  /** Checks that the ensemble has members. */
  public EnsembleReport {
    checkArgument(!members.isEmpty(), "ensemble %s has no members", name);
  }
}
