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
  void of_gainBeyondSpread_isCalledClear_andGainWithinSpreadIsNot() {
    // Teacher 10 +- 0.1; BAN-1 gains 0.05 (within the spread); the ensemble gains 1.0 (beyond).
    ImmutableList<String> notes =
        ReportNotes.of(
            report(
                new double[] {9.9, 10.0, 10.1},
                new double[] {9.85, 9.95, 10.05},
                new double[] {8.9, 9.0, 9.1}));

    assertThat(notes)
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith("BAN-1: 9.95 ± 0.10 vs teacher 10.00 ± 0.10")
                    .contains("better in 3 of 3 seeds")
                    .contains("within the seed spread of 0.10"))
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith("Ens*1+T: 9.00 ± 0.10")
                    .contains("better than the teacher by 1.00 points")
                    .contains("beyond the seed spread of 0.10"))
        .contains(
            "Over 3 seeds, 0 of 1 student generations and 1 of 1 ensembles beat the teacher by"
                + " more than the spread between seeds (the larger standard deviation of the two"
                + " columns).")
        .anySatisfy(n -> assertThat(n).startsWith("The born-again students alone show no clear"));
  }

  @Test
  void of_studentsClearlyWorse_saysSo() {
    ImmutableList<String> notes =
        ReportNotes.of(
            report(new double[] {10, 10.2}, new double[] {13, 13.2}, new double[] {11, 11.2}));

    assertThat(notes)
        .anySatisfy(n -> assertThat(n).contains("worse than the teacher by 3.00 points"))
        .anySatisfy(n -> assertThat(n).startsWith("No Born-Again effect is visible"))
        .anySatisfy(n -> assertThat(n).contains("--loss ban+l"));
  }
}
