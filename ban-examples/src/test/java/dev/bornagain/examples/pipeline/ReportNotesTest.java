package dev.bornagain.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.bornagain.examples.report.EnsembleReport;
import dev.bornagain.examples.report.GenerationReport;
import dev.bornagain.examples.report.Metric;
import dev.bornagain.examples.report.RunReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ReportNotesTest {

  /** A report whose columns hold the given test errors, one value per seed. */
  private static RunReport report(double[] teacher, double[] ban1, double[] ens) {
    List<Long> seeds = new ArrayList<>();
    List<GenerationReport> generations = new ArrayList<>();
    List<EnsembleReport> ensembles = new ArrayList<>();
    for (int s = 0; s < teacher.length; s++) {
      long seed = s + 1;
      seeds.add(seed);
      generations.add(GenerationReport.of("teacher", seed, 10 * seed, teacher[s], 0, List.of()));
      generations.add(GenerationReport.of("BAN-1", seed, 10 * seed + 1, ban1[s], 0, List.of()));
      ensembles.add(
          new EnsembleReport("Ens*1+T", seed, ImmutableList.of("teacher", "BAN-1"), ens[s]));
    }
    return new RunReport(
        "d",
        "m",
        "ban",
        Metric.ERROR_PERCENT,
        ImmutableList.copyOf(seeds),
        ImmutableList.copyOf(generations),
        ImmutableList.copyOf(ensembles),
        ImmutableList.of());
  }

  @Test
  void equalCompute_aBornAgainEnsembleBeatenInEverySeed_saysIndependentNetworksDoBetter() {
    // As on Penn Treebank: Ens*1+T better than its teacher, Ind*2 better still, seed for seed.
    double[] teacher = {116.20, 115.67, 116.00};
    double[] ensembles = {109.08, 108.69, 109.00};
    double[] independent = {107.54, 107.26, 107.40};
    RunReport plain = report(teacher, new double[] {113.00, 112.38, 112.70}, ensembles);
    List<EnsembleReport> withRivals = new ArrayList<>(plain.ensembles());
    for (int s = 0; s < teacher.length; s++) {
      withRivals.add(
          new EnsembleReport("Ind*2", s + 1, ImmutableList.of("teacher", "Ind-2"), independent[s]));
    }
    RunReport report =
        new RunReport(
            "d",
            "m",
            "ban",
            Metric.PERPLEXITY,
            plain.seeds(),
            plain.generations(),
            ImmutableList.copyOf(withRivals),
            ImmutableList.of());

    assertThat(ReportNotes.of(report))
        .contains(
            "At equal compute (Ens*1+T vs Ind*2): 0 of 1 born-again columns beat their rival by"
                + " more than twice the paired spread, 1 was beaten by theirs; the rest are not told"
                + " apart from noise. The same training time spent on independent networks does"
                + " better.")
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith(
                        "What this shows: on this data and recipe, those students predict the text"
                            + " better (lower perplexity) than the teachers they learned from"));
  }

  @Test
  void of_oneSeed_saysNoSpreadIsKnown() {
    ImmutableList<String> notes =
        ReportNotes.of(report(new double[] {10}, new double[] {9.5}, new double[] {9}));

    assertThat(notes)
        .contains(
            "BAN-1: 9.50 vs teacher 10.00, better than the teacher by 0.50 points (one seed, no"
                + " spread known).");
    assertThat(notes.get(notes.size() - 1))
        .startsWith("One seed: the spread between seeds is unknown");
  }

  @Test
  void of_oneSeedWithEveryStudentWorse_pointsAtTheTeacher() {
    ImmutableList<String> notes =
        ReportNotes.of(report(new double[] {10}, new double[] {12}, new double[] {11}));

    assertThat(notes)
        .contains(
            "BAN-1: 12.00 vs teacher 10.00, worse than the teacher by 2.00 points (one seed, no"
                + " spread known).")
        .anySatisfy(n -> assertThat(n).startsWith("Every student generation is worse"));
  }

  @Test
  void of_pairedGainBeyondTwiceItsSpread_isCalledClear_andOneWithinIsNot() {
    // BAN-1 minus teacher: -0.3, +0.2, -0.05 (mean -0.05, std 0.25): noise. The ensemble: -1.0,
    // -1.1, -0.9 (mean -1.0, std 0.1): beyond twice the paired spread.
    ImmutableList<String> notes =
        ReportNotes.of(
            report(
                new double[] {9.9, 10.0, 10.1},
                new double[] {9.6, 10.2, 10.05},
                new double[] {8.9, 8.9, 9.2}));

    assertThat(notes)
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith("BAN-1: 9.95 ± 0.31 vs teacher 10.00 ± 0.10; minus its own seed's")
                    .contains("-0.05 ± 0.25 (seed 1: -0.30, 2: +0.20, 3: -0.05)")
                    .contains("better in 2 of 3 seeds")
                    .contains("within twice the paired spread of 0.25"))
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith("Ens*1+T: 9.00 ± 0.17")
                    .contains("better than the teacher by 1.00 points")
                    .contains("more than twice the paired spread of 0.10"))
        .contains(
            "Over 3 seeds, 0 of 1 student generations and 1 of 1 ensembles beat their own seed's"
                + " teacher by more than twice the standard deviation of the paired differences.")
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith("What this shows: averaging born-again generations")
                    .contains("What it does not show: that a single born-again student"));
  }

  @Test
  void of_studentsClearlyBetter_sayWhatItShowsAndWhatNot() {
    ImmutableList<String> notes =
        ReportNotes.of(
            report(
                new double[] {10, 11, 12},
                new double[] {9.5, 10.6, 11.4},
                new double[] {9, 10, 11}));
    assertThat(notes)
        .anySatisfy(n -> assertThat(n).contains("better in 3 of 3 seeds, more than twice"))
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith(
                        "What this shows: on this data and recipe, those students are more accurate"
                            + " than the teachers"));
  }

  @Test
  void of_studentsClearlyWorse_saysSo() {
    ImmutableList<String> notes =
        ReportNotes.of(
            report(new double[] {10, 10.2}, new double[] {13, 13.2}, new double[] {11, 11.2}));

    assertThat(notes)
        .anySatisfy(n -> assertThat(n).contains("worse than the teacher by 3.00 points"))
        .anySatisfy(n -> assertThat(n).startsWith("No Born-Again effect is visible"))
        .anySatisfy(n -> assertThat(n).contains("more than twice the paired spread"))
        .anySatisfy(n -> assertThat(n).contains("--loss ban+l"));
  }

  @Test
  void of_aColumnSomeSeedsLack_pairsTheSeedsThatHaveIt() {
    // A run that chose its generations: seeds 1 and 3 trained BAN-2, seed 2 stopped at BAN-1.
    RunReport full =
        report(
            new double[] {10.0, 20.0, 12.0},
            new double[] {9.5, 21.0, 11.0},
            new double[] {9.0, 19.0, 11.0});
    List<GenerationReport> generations = new ArrayList<>(full.generations());
    generations.add(GenerationReport.of("BAN-2", 1, 12, 9.0, 0, List.of()));
    generations.add(GenerationReport.of("BAN-2", 3, 32, 11.5, 0, List.of()));
    RunReport partial =
        new RunReport(
            full.dataset(),
            full.model(),
            full.loss(),
            full.metric(),
            full.seeds(),
            ImmutableList.copyOf(generations),
            full.ensembles(),
            ImmutableList.of());

    // Paired with seed 1's and seed 3's teachers (10 and 12), not with seeds 1 and 2's.
    assertThat(ReportNotes.of(partial))
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith(
                        "BAN-2: 10.25 ± 1.77 vs teacher 11.00 ± 1.41; minus its own seed's"
                            + " teacher -0.75 ± 0.35 (seed 1: -1.00, 3: -0.50)")
                    .contains("better in 2 of 2 seeds"));
  }
}
