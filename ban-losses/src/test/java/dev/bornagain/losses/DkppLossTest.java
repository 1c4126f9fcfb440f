package dev.bornagain.losses;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The permuted target of DKPP: what it keeps, what it shuffles, and how it is seeded. */
final class DkppLossTest {

  @AutoClose private static final NDManager manager = NDManager.newBaseManager();

  @Test
  void permutedTarget_keepsArgmaxInPlaceAndTheMultisetOfTheOthers() {
    for (Fixture fixture :
        new Fixture[] {Fixture.random(31, 40, 10), Fixture.random(32, 3, 7, 6)}) {
      DistillationBatch batch = fixture.batch(manager);
      float[] p = batch.teacherProbabilities().toFloatArray();
      float[] target = DistillationLosses.dkpp(5).permutedTarget(batch).toFloatArray();
      int classes = fixture.classes();
      int moved = 0;
      for (int s = 0; s < p.length / classes; s++) {
        float[] row = Arrays.copyOfRange(p, s * classes, (s + 1) * classes);
        float[] permuted = Arrays.copyOfRange(target, s * classes, (s + 1) * classes);
        int top = argmax(row);
        assertThat(permuted[top]).as("sample %s keeps its argmax", s).isEqualTo(row[top]);
        float[] sortedRow = row.clone();
        float[] sortedPermuted = permuted.clone();
        Arrays.sort(sortedRow);
        Arrays.sort(sortedPermuted);
        assertThat(sortedPermuted).as("sample %s keeps its values", s).containsExactly(sortedRow);
        moved += Arrays.equals(row, permuted) ? 0 : 1;
      }
      assertThat(moved).as("samples whose target was shuffled").isGreaterThan(0);
    }
  }

  @Test
  void permutedTarget_repeatsForTheSameSeedAndDiffersBetweenSeeds() {
    DistillationBatch batch = Fixture.random(33, 20, 8).batch(manager);
    float[] first = DistillationLosses.dkpp(7).permutedTarget(batch).toFloatArray();
    float[] again = DistillationLosses.dkpp(7).permutedTarget(batch).toFloatArray();
    float[] other = DistillationLosses.dkpp(8).permutedTarget(batch).toFloatArray();

    assertThat(again).containsExactly(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void permutedTarget_isRedrawnAtEveryCall() {
    DistillationBatch batch = Fixture.random(34, 20, 8).batch(manager);
    DkppLoss loss = DistillationLosses.dkpp(7);
    float[] first = loss.permutedTarget(batch).toFloatArray();
    float[] second = loss.permutedTarget(batch).toFloatArray();

    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void permutedTarget_drawsEveryPermutationOfTheOthersEvenlyAndPerSample() {
    // Every sample has the same teacher row, argmax at position 2; the three other values must be
    // arranged in each of their 3! = 6 orders about equally often, sample by sample.
    int samples = 6000;
    DistillationBatch batch = sameTeacherRowBatch(samples, 1f, 2f, 5f, 3f);
    float[] target = DistillationLosses.dkpp(13).permutedTarget(batch).toFloatArray();
    float top = batch.teacherProbabilities().toFloatArray()[2];

    Map<String, Integer> counts = new HashMap<>();
    for (int s = 0; s < samples; s++) {
      float[] permuted = Arrays.copyOfRange(target, s * 4, s * 4 + 4);
      assertThat(permuted[2]).isEqualTo(top);
      counts.merge(Arrays.toString(permuted), 1, Integer::sum);
    }
    assertThat(counts).hasSize(6);
    // 1000 expected per order; a binomial standard deviation is about 29.
    assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween(850, 1150));
  }

  @Test
  void permutedTarget_keepsTheFirstOfTiedMaxima() {
    int samples = 200;
    float[] row = {1f, 4f, 4f, 0f, 2f};
    DistillationBatch batch = sameTeacherRowBatch(samples, row);
    float top = batch.teacherProbabilities().toFloatArray()[1];
    float[] target = DistillationLosses.dkpp(17).permutedTarget(batch).toFloatArray();

    int secondMaxMoved = 0;
    for (int s = 0; s < samples; s++) {
      assertThat(target[s * row.length + 1]).isEqualTo(top);
      secondMaxMoved += target[s * row.length + 2] == top ? 0 : 1;
    }
    assertThat(secondMaxMoved).isGreaterThan(samples / 2);
  }

  @Test
  void dkpp_equalsBanExactlyWithTwoClasses() {
    for (Fixture fixture : new Fixture[] {Fixture.random(35, 50, 2), Fixture.random(36, 4, 6, 2)}) {
      NDList labels = fixture.labelsWithTeacher(manager);
      NDList predictions = new NDList(fixture.studentArray(manager));
      float ban = DistillationLosses.ban().evaluate(labels, predictions).getFloat();
      DkppLoss dkpp = DistillationLosses.dkpp(19);
      for (int call = 0; call < 3; call++) {
        assertThat(dkpp.evaluate(labels, predictions).getFloat()).isEqualTo(ban);
      }
    }
  }

  @Test
  void permutedTarget_carriesNoGradientAndStaysOnTheTeachersDevice() {
    Fixture fixture = Fixture.random(37, 5, 4);
    NDArray teacher = fixture.teacherArray(manager);
    teacher.setRequiresGradient(true);
    DistillationBatch batch =
        DistillationBatch.of(
            "DKPP", fixture.labelArray(manager), teacher, fixture.studentArray(manager));
    NDArray target = DistillationLosses.dkpp(1).permutedTarget(batch);

    assertThat(target.getShape()).isEqualTo(new Shape(5, 4));
    assertThat(target.getDevice()).isEqualTo(batch.teacherLogits().getDevice());
    assertThat(target.hasGradient()).isFalse();
  }

  /**
   * A batch of {@code samples} samples that all share one teacher row, with zero labels and
   * student.
   */
  private static DistillationBatch sameTeacherRowBatch(int samples, float... row) {
    float[] teacher = new float[samples * row.length];
    for (int s = 0; s < samples; s++) {
      System.arraycopy(row, 0, teacher, s * row.length, row.length);
    }
    return DistillationBatch.of(
        "test",
        manager.zeros(new Shape(samples)),
        manager.create(teacher, new Shape(samples, row.length)),
        manager.zeros(new Shape(samples, row.length)));
  }

  private static int argmax(float[] row) {
    int top = 0;
    for (int i = 1; i < row.length; i++) {
      if (row[i] > row[top]) {
        top = i;
      }
    }
    return top;
  }
}
