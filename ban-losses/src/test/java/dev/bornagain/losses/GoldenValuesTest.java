package dev.bornagain.losses;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Loss values for fixed inputs, checked in as {@code golden-losses.json}, must not drift. */
final class GoldenValuesTest {

  /** One fixed input and the expected value of each loss on it. */
  record GoldenCase(
      long[] shape, float[] student, float[] teacher, long[] labels, Map<String, Double> expected) {

    Fixture fixture() {
      return new Fixture(new Shape(shape), student, teacher, labels);
    }
  }

  /** The file's layout. */
  record GoldenFile(String about, List<GoldenCase> cases) {}

  private static final double TOLERANCE = 1e-6;

  @AutoClose private static final NDManager manager = NDManager.newBaseManager();

  /** The losses pinned by the file, by the key they have there. */
  static Map<String, DistillationLoss> losses() {
    Map<String, DistillationLoss> losses = new LinkedHashMap<>();
    losses.put("BAN", DistillationLosses.ban());
    losses.put("HintonKD(T=2, w=0.3)", DistillationLosses.hinton(2f, 0.3f));
    losses.put("BAN+L(w=0.5)", DistillationLosses.labelMixed(0.5f));
    losses.put("CWTM", DistillationLosses.cwtm());
    losses.put("DKPP(seed=42)", DistillationLosses.dkpp(42));
    return losses;
  }

  /** Independent double-precision values of the deterministic losses, by the same keys. */
  static Map<String, Function<Fixture, Double>> references() {
    return Map.of(
        "BAN", f -> Reference.ban(f.studentRows(), f.teacherRows()).value(),
        "HintonKD(T=2, w=0.3)",
            f -> Reference.hinton(f.studentRows(), f.teacherRows(), f.labels(), 2, 0.3).value(),
        "BAN+L(w=0.5)",
            f -> Reference.labelMixed(f.studentRows(), f.teacherRows(), f.labels(), 0.5).value(),
        "CWTM", f -> Reference.cwtm(f.studentRows(), f.teacherRows(), f.labels()).value());
  }

  static GoldenFile read() throws IOException {
    try (InputStream in =
            Objects.requireNonNull(
                GoldenValuesTest.class.getResourceAsStream("golden-losses.json"),
                "golden-losses.json is missing from the test resources");
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return new Gson().fromJson(reader, GoldenFile.class);
    }
  }

  @Test
  void losses_matchCheckedInGoldenValues() throws IOException {
    GoldenFile golden = read();
    assertThat(golden.cases()).hasSize(2);
    for (GoldenCase goldenCase : golden.cases()) {
      Fixture fixture = goldenCase.fixture();
      assertThat(goldenCase.expected()).containsOnlyKeys(losses().keySet());
      for (Map.Entry<String, DistillationLoss> entry : losses().entrySet()) {
        NDList labels = fixture.labelsWithTeacher(manager);
        float actual =
            entry.getValue().evaluate(labels, new NDList(fixture.studentArray(manager))).getFloat();
        double expected = goldenCase.expected().get(entry.getKey());
        assertThat(Math.abs(actual - expected))
            .as("%s on %s: %s vs golden %s", entry.getKey(), fixture.shape(), actual, expected)
            .isLessThanOrEqualTo(TOLERANCE * Math.abs(expected));
      }
    }
  }

  @Test
  void goldenValues_agreeWithDoublePrecisionReference() throws IOException {
    for (GoldenCase goldenCase : read().cases()) {
      for (Map.Entry<String, Function<Fixture, Double>> entry : references().entrySet()) {
        double reference = entry.getValue().apply(goldenCase.fixture());
        assertThat(goldenCase.expected().get(entry.getKey()))
            .as(entry.getKey())
            .isCloseTo(reference, org.assertj.core.data.Offset.offset(1e-5 * reference));
      }
    }
  }
}
