package dev.bornagain.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What every loss accepts and what it refuses, with messages that name the problem. */
final class ValidationTest {

  @AutoClose private static final NDManager manager = NDManager.newBaseManager();

  static Stream<DistillationLoss> losses() {
    return Stream.of(
        DistillationLosses.ban(),
        DistillationLosses.hinton(2f, 0.5f),
        DistillationLosses.labelMixed(0.5f),
        DistillationLosses.cwtm(),
        DistillationLosses.dkpp(1));
  }

  private static NDArray logits(long... dims) {
    return manager.randomNormal(new Shape(dims));
  }

  private static NDArray labels(long... values) {
    return manager.create(values);
  }

  @ParameterizedTest
  @MethodSource("losses")
  void evaluate_acceptsInt32Float32AndInt64LabelsAlike(DistillationLoss loss) {
    Fixture fixture = Fixture.random(51, 6, 4);
    NDArray student = fixture.studentArray(manager);
    NDArray teacher = fixture.teacherArray(manager);
    NDArray int64 = fixture.labelArray(manager);
    for (DataType type : new DataType[] {DataType.INT32, DataType.FLOAT32, DataType.INT64}) {
      float expected = evaluate(twin(loss), int64, teacher, student);
      float actual = evaluate(twin(loss), int64.toType(type, true), teacher, student);
      assertThat(actual).as("labels of type %s", type).isEqualTo(expected);
    }
  }

  /** The loss itself, or for DKPP, which draws anew at each call, a fresh one with its seed. */
  private static DistillationLoss twin(DistillationLoss loss) {
    return loss instanceof DkppLoss dkpp ? DistillationLosses.dkpp(dkpp.seed()) : loss;
  }

  @ParameterizedTest
  @MethodSource("losses")
  void evaluate_acceptsLabelsWithATrailingUnitAxis(DistillationLoss loss) {
    Fixture fixture = Fixture.random(52, 6, 4);
    NDArray student = fixture.studentArray(manager);
    NDArray labels = fixture.labelArray(manager);
    float flat = loss.evaluate(new NDList(labels), new NDList(student)).getFloat();
    float column = loss.evaluate(new NDList(labels.reshape(6, 1)), new NDList(student)).getFloat();
    assertThat(column).isEqualTo(flat);
  }

  @ParameterizedTest
  @MethodSource("losses")
  void evaluate_rejectsTeacherOfAnotherShape(DistillationLoss loss) {
    assertThatThrownBy(() -> evaluate(loss, labels(0, 1, 2, 0), logits(4, 5), logits(4, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(loss.getName())
        .hasMessageContaining("teacher logits have shape (4, 5)")
        .hasMessageContaining("student logits have shape (4, 3)");
  }

  @ParameterizedTest
  @MethodSource("losses")
  void evaluate_rejectsLabelsOfAnotherShape(DistillationLoss loss) {
    assertThatThrownBy(() -> evaluate(loss, labels(0, 1, 2, 0, 1), logits(4, 3), logits(4, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hard labels have shape (5)")
        .hasMessageContaining("(4, 3)");
    assertThatThrownBy(
            () ->
                evaluate(
                    loss,
                    manager.zeros(new Shape(2, 4), DataType.INT64),
                    logits(2, 5, 3),
                    logits(2, 5, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hard labels have shape (2, 4)")
        .hasMessageContaining("(2, 5, 3)")
        .hasMessageContaining("need labels of shape (2, 5)");
  }

  @ParameterizedTest
  @MethodSource("losses")
  void evaluate_rejectsLogitsOfTheWrongRank(DistillationLoss loss) {
    assertThatThrownBy(() -> evaluate(loss, labels(0, 1, 2), null, logits(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(N, C) or (N, T, C)")
        .hasMessageContaining("(3)");
  }

  @ParameterizedTest
  @MethodSource("losses")
  void evaluate_rejectsClassIndicesOutOfRange(DistillationLoss loss) {
    assertThatThrownBy(() -> evaluate(loss, labels(0, 3, 1), logits(3, 3), logits(3, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 3)")
        .hasMessageContaining("ranged over [0, 3]");
    assertThatThrownBy(() -> evaluate(loss, labels(0, -1, 1), null, logits(3, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ranged over [-1, 1]");
  }

  @ParameterizedTest
  @MethodSource("losses")
  void evaluate_rejectsFractionalLabels(DistillationLoss loss) {
    NDArray fractional = manager.create(new float[] {0f, 1.5f, 2f});
    assertThatThrownBy(() -> evaluate(loss, fractional, logits(3, 3), logits(3, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole numbers")
        .hasMessageContaining("float32");
  }

  @ParameterizedTest
  @MethodSource("losses")
  void evaluate_rejectsNonFiniteLogits(DistillationLoss loss) {
    NDArray nan = manager.create(new float[] {0f, Float.NaN, 1f, 2f}, new Shape(2, 2));
    NDArray infinite =
        manager.create(new float[] {0f, 1f, Float.NEGATIVE_INFINITY, 2f}, new Shape(2, 2));
    assertThatThrownBy(() -> evaluate(loss, labels(0, 1), logits(2, 2), nan))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("student logits of shape (2, 2) contain NaN or infinite values");
    assertThatThrownBy(() -> evaluate(loss, labels(0, 1), infinite, logits(2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("teacher logits of shape (2, 2) contain NaN or infinite values");
    assertThatThrownBy(() -> evaluate(loss, labels(0, 1), null, infinite))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("student logits");
  }

  @Test
  void evaluate_acceptsFiniteLogitsWhoseSumOverflows() {
    // The quick check sums the logits; 4 x 3e38 overflows float32 although every value is finite.
    NDArray huge = manager.full(new Shape(2, 2), 3e38f);
    NDArray mixed = manager.create(new float[] {3e38f, 3e38f, Float.POSITIVE_INFINITY, 0f});

    float value = evaluate(DistillationLosses.ban(), labels(0, 1), huge, huge);

    assertThat(value).isCloseTo((float) Math.log(2), within(1e-6f)); // uniform against uniform
    assertThatThrownBy(
            () -> evaluate(DistillationLosses.ban(), labels(0, 1), huge, mixed.reshape(2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("student logits of shape (2, 2) contain NaN or infinite values");
  }

  @ParameterizedTest
  @MethodSource("losses")
  void evaluate_rejectsLabelListsOfTheWrongSize(DistillationLoss loss) {
    NDArray student = logits(2, 3);
    NDList three = new NDList(labels(0, 1), logits(2, 3), logits(2, 3));
    assertThatThrownBy(() -> loss.evaluate(three, new NDList(student)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("had 3 arrays");
    assertThatThrownBy(() -> loss.evaluate(new NDList(labels(0, 1)), new NDList()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("predictions must hold the student logits");
  }

  @ParameterizedTest
  @ValueSource(floats = {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY})
  void hinton_rejectsTemperaturesThatAreNotPositiveAndFinite(float temperature) {
    assertThatThrownBy(() -> DistillationLosses.hinton(temperature, 0.5f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("temperature must be positive and finite but was " + temperature);
  }

  @ParameterizedTest
  @ValueSource(floats = {-0.1f, 1.5f, Float.NaN})
  void labelWeight_outsideTheUnitIntervalIsRejected(float weight) {
    String message = "labelWeight must lie in [0, 1] but was " + weight;
    assertThatThrownBy(() -> DistillationLosses.hinton(2f, weight))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> DistillationLosses.labelMixed(weight))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void labelWeight_acceptsBothEnds() {
    assertThat(DistillationLosses.labelMixed(0f).labelWeight()).isZero();
    assertThat(DistillationLosses.hinton(1f, 1f).labelWeight()).isEqualTo(1f);
  }

  @Test
  void batch_reportsItsSizesAndRefusesTeacherWhenAbsent() {
    DistillationBatch batch =
        DistillationBatch.of("test", manager.zeros(new Shape(2, 5)), null, logits(2, 5, 3));
    assertThat(batch.sampleCount()).isEqualTo(10);
    assertThat(batch.classCount()).isEqualTo(3);
    assertThat(batch.hasTeacher()).isFalse();
    assertThat(batch.labels().getDataType()).isEqualTo(DataType.INT64);
    assertThatThrownBy(batch::teacherLogits)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no teacher logits");
  }

  @Test
  void batch_temperedSoftmaxesMatchTheReference() {
    Fixture fixture = Fixture.random(53, 3, 4);
    DistillationBatch batch = fixture.batch(manager);
    float[] teacher = batch.teacherProbabilities(3f).toFloatArray();
    float[] student = batch.studentLogProbabilities(3f).toFloatArray();
    double[][] teacherRows = fixture.teacherRows();
    double[][] studentRows = fixture.studentRows();
    for (int s = 0; s < 3; s++) {
      double[] p = Reference.softmax(teacherRows[s], 3);
      double[] logQ = Reference.logSoftmax(studentRows[s], 3);
      for (int i = 0; i < 4; i++) {
        assertThat((double) teacher[s * 4 + i]).isCloseTo(p[i], within(1e-6));
        assertThat((double) student[s * 4 + i]).isCloseTo(logQ[i], within(1e-6));
      }
    }
    assertThatThrownBy(() -> batch.teacherProbabilities(0f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 0.0");
    assertThatThrownBy(() -> batch.softCrossEntropy(logits(3, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(3, 5)")
        .hasMessageContaining("(3, 4)");
  }

  @Test
  void evaluate_isNumericallyStableForLargeLogits() {
    NDArray student = manager.create(new float[] {1000f, 0f, -1000f, 500f}, new Shape(2, 2));
    NDArray teacher = manager.create(new float[] {-1000f, 1000f, 0f, 800f}, new Shape(2, 2));
    float value = evaluate(DistillationLosses.ban(), labels(0, 1), teacher, student);
    // Sample 0: p = (0, 1), log q_1 = -1000; sample 1: p = (0, 1), log q_1 = 0 (to float32).
    assertThat(value).isCloseTo(500f, within(1e-3f));
  }

  private static float evaluate(
      DistillationLoss loss, NDArray labels, NDArray teacher, NDArray student) {
    NDList labelList = teacher == null ? new NDList(labels) : new NDList(labels, teacher);
    return loss.evaluate(labelList, new NDList(student)).getFloat();
  }
}
