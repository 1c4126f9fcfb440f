package dev.bornagain.losses;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Values and gradients of every loss against the double-precision {@link Reference}. */
final class DistillationLossesTest {

  private static final double TOLERANCE = 1e-5;

  @AutoClose private static final NDManager manager = NDManager.newBaseManager();

  static Stream<Fixture> fixtures() {
    return Stream.of(
        Fixture.random(1, 4, 3),
        Fixture.random(2, 16, 10),
        Fixture.random(3, 1, 7),
        Fixture.random(4, 3, 5, 6),
        Fixture.random(5, 2, 8, 12),
        Fixture.random(6, 9, 2));
  }

  /** A loss under test and its independent reference, by name for readable test reports. */
  record Case(String name, DistillationLoss loss, Function<Fixture, Reference.Result> reference) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> deterministicCases() {
    return Stream.of(
        new Case(
            "ban", DistillationLosses.ban(), f -> Reference.ban(f.studentRows(), f.teacherRows())),
        new Case(
            "hinton(T=4, w=0.3)",
            DistillationLosses.hinton(4f, 0.3f),
            f -> Reference.hinton(f.studentRows(), f.teacherRows(), f.labels(), 4, 0.3)),
        new Case(
            "hinton(T=0.5, w=0)",
            DistillationLosses.hinton(0.5f, 0f),
            f -> Reference.hinton(f.studentRows(), f.teacherRows(), f.labels(), 0.5, 0)),
        new Case(
            "hinton(T=1, w=1)",
            DistillationLosses.hinton(1f, 1f),
            f -> Reference.hinton(f.studentRows(), f.teacherRows(), f.labels(), 1, 1)),
        new Case(
            "labelMixed(0.25)",
            DistillationLosses.labelMixed(0.25f),
            f -> Reference.labelMixed(f.studentRows(), f.teacherRows(), f.labels(), 0.25)),
        new Case(
            "labelMixed()",
            DistillationLosses.labelMixed(),
            f -> Reference.labelMixed(f.studentRows(), f.teacherRows(), f.labels(), 0.5)),
        new Case(
            "cwtm",
            DistillationLosses.cwtm(),
            f -> Reference.cwtm(f.studentRows(), f.teacherRows(), f.labels())));
  }

  static Stream<Arguments> casesAndFixtures() {
    return deterministicCases().flatMap(c -> fixtures().map(f -> Arguments.of(c, f)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("casesAndFixtures")
  void loss_matchesDoublePrecisionValueAndGradient(Case lossCase, Fixture fixture) {
    Fixture.Evaluation actual = fixture.evaluate(lossCase.loss(), manager, true);
    Reference.Result expected = lossCase.reference().apply(fixture);

    assertMatches(actual, expected);
  }

  @ParameterizedTest(name = "dkpp on {0}")
  @MethodSource("fixtures")
  void dkpp_matchesDoublePrecisionValueAndGradientAgainstItsTarget(Fixture fixture) {
    // A twin with the same seed draws the same target the loss will use.
    float[] target =
        DistillationLosses.dkpp(11).permutedTarget(fixture.batch(manager)).toFloatArray();
    double[][] targetRows = new double[fixture.labels().length][fixture.classes()];
    for (int k = 0; k < target.length; k++) {
      targetRows[k / fixture.classes()][k % fixture.classes()] = target[k];
    }

    Fixture.Evaluation actual = fixture.evaluate(DistillationLosses.dkpp(11), manager, true);
    Reference.Result expected = Reference.softTarget(fixture.studentRows(), targetRows);

    assertMatches(actual, expected);
  }

  @ParameterizedTest(name = "ban on {0}")
  @MethodSource("fixtures")
  void ban_gradientIsStudentMinusTeacherProbabilitiesOverSamples(Fixture fixture) {
    Fixture.Evaluation actual = fixture.evaluate(DistillationLosses.ban(), manager, true);

    double[][] student = fixture.studentRows();
    double[][] teacher = fixture.teacherRows();
    double[] expected = new double[fixture.student().length];
    int samples = student.length;
    for (int s = 0; s < samples; s++) {
      double[] q = Reference.softmax(student[s], 1);
      double[] p = Reference.softmax(teacher[s], 1);
      for (int i = 0; i < q.length; i++) {
        expected[s * q.length + i] = (q[i] - p[i]) / samples;
      }
    }
    assertClose(actual.gradient(), expected);
  }

  static Stream<Arguments> allLossesAndFixtures() {
    return Stream.concat(
            deterministicCases().map(Case::loss), Stream.of(DistillationLosses.dkpp(3)))
        .flatMap(loss -> fixtures().map(f -> Arguments.of(loss.getName(), loss, f)));
  }

  @ParameterizedTest(name = "{0} on {2}")
  @MethodSource("allLossesAndFixtures")
  void labelsOnly_returnsMeanLabelCrossEntropy(
      String name, DistillationLoss loss, Fixture fixture) {
    Fixture.Evaluation actual = fixture.evaluate(loss, manager, false);
    Reference.Result expected = Reference.labels(fixture.studentRows(), fixture.labels());

    assertMatches(actual, expected);
  }

  @Test
  void hinton_atTemperatureOneEqualsLabelMixed() {
    Fixture fixture = Fixture.random(21, 6, 5);
    float hinton = fixture.evaluate(DistillationLosses.hinton(1f, 0.4f), manager, true).value();
    float mixed = fixture.evaluate(DistillationLosses.labelMixed(0.4f), manager, true).value();

    assertThat(hinton).isCloseTo(mixed, org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void factories_nameLossesForDjlMetrics() {
    assertThat(DistillationLosses.ban().getName()).isEqualTo("BAN");
    assertThat(DistillationLosses.labelMixed(0.5f).getName()).isEqualTo("BAN+L");
    assertThat(DistillationLosses.cwtm().getName()).isEqualTo("CWTM");
    assertThat(DistillationLosses.dkpp(1).getName()).isEqualTo("DKPP");
    assertThat(DistillationLosses.hinton(2f, 0.5f).getName()).isEqualTo("HintonKD");
  }

  @Test
  void factories_keepTheirParameters() {
    HintonLoss hinton = DistillationLosses.hinton(3f, 0.7f);
    assertThat(hinton.temperature()).isEqualTo(3f);
    assertThat(hinton.labelWeight()).isEqualTo(0.7f);
    assertThat(DistillationLosses.labelMixed(0.2f).labelWeight()).isEqualTo(0.2f);
    assertThat(DistillationLosses.labelMixed().labelWeight())
        .isEqualTo(DistillationLosses.DEFAULT_LABEL_WEIGHT)
        .isEqualTo(0.5f);
    assertThat(DistillationLosses.dkpp(99).seed()).isEqualTo(99L);
  }

  @Test
  void describe_namesEverySettingThatChangesTheLoss() {
    assertThat(DistillationLosses.ban().describe()).isEqualTo("BAN");
    assertThat(DistillationLosses.cwtm().describe()).isEqualTo("CWTM");
    assertThat(DistillationLosses.labelMixed(0.5f).describe()).isEqualTo("BAN+L(labelWeight=0.5)");
    assertThat(DistillationLosses.labelMixed(0.9f).describe())
        .isNotEqualTo(DistillationLosses.labelMixed(0.5f).describe());
    assertThat(DistillationLosses.hinton(4f, 0.1f).describe())
        .isEqualTo("HintonKD(temperature=4.0, labelWeight=0.1)");
    assertThat(DistillationLosses.dkpp(7).describe())
        .isEqualTo("DKPP(seed=7, permutation redrawn per sample at every call, seeded per step)");
  }

  @Test
  void describe_ofAUserLossOrAPlainDjlLoss_isItsNameAndClass() {
    assertThat(new UserLossTest.HalfBan().describe())
        .isEqualTo("HalfBan (" + UserLossTest.HalfBan.class.getName() + ")");
    assertThat(DistillationLosses.describe(Loss.softmaxCrossEntropyLoss()))
        .isEqualTo("SoftmaxCrossEntropyLoss (ai.djl.training.loss.SoftmaxCrossEntropyLoss)");
    assertThat(DistillationLosses.describe(DistillationLosses.hinton(2f, 0.5f)))
        .isEqualTo("HintonKD(temperature=2.0, labelWeight=0.5)");
  }

  /** A scalar value and a gradient that both match the reference. */
  private static void assertMatches(Fixture.Evaluation actual, Reference.Result expected) {
    assertThat(actual.valueShape().isScalar()).isTrue();
    assertClose(actual.value(), expected.value());
    assertClose(actual.gradient(), Fixture.flatten(expected.gradient()));
  }

  static void assertClose(double actual, double expected) {
    assertThat(Math.abs(actual - expected))
        .as("actual %s vs expected %s", actual, expected)
        .isLessThanOrEqualTo(TOLERANCE * Math.abs(expected) + 1e-12);
  }

  /**
   * Element-wise relative error; entries smaller than 1% of the gradient's largest are held to 1e-5
   * of that 1%, since float32 loses their digits to cancellation in {@code q - p}.
   */
  static void assertClose(float[] actual, double[] expected) {
    assertThat(actual).hasSize(expected.length);
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int k = 0; k < expected.length; k++) {
      double allowed = TOLERANCE * Math.max(Math.abs(expected[k]), 1e-2 * scale) + 1e-12;
      assertThat(Math.abs(actual[k] - expected[k]))
          .as("entry %s: actual %s vs expected %s", k, actual[k], expected[k])
          .isLessThanOrEqualTo(allowed);
    }
  }
}
