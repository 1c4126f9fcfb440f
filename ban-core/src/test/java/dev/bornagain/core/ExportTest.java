package dev.bornagain.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.translate.NoopTranslator;
import dev.bornagain.core.ensemble.EnsemblePredictor;
import dev.bornagain.losses.DistillationLosses;
import dev.bornagain.models.catalogue.ModelCatalogue;
import dev.bornagain.models.serving.ExportedModel;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported students, ensembles and the distilled student load with DJL's {@code Criteria} in a JVM
 * without ban-core and predict the same probabilities, bit for bit.
 */
final class ExportTest {

  private static final String PRESET = "cnn-small-grey";
  private static final int CLASSES = 4;
  private static final Shape BATCH = new Shape(16, 1, 28, 28);

  @TempDir static Path temp;

  private static BornAgainResult result;

  /** Random 28x28 grey images with random labels, drawn from the manager's seeded engine. */
  private static ArrayDataset randomImages(NDManager manager, int samples, boolean shuffle) {
    return new ArrayDataset.Builder()
        .setData(manager.randomNormal(new Shape(samples, 1, 28, 28)))
        .optLabels(manager.randomInteger(0, CLASSES, new Shape(samples), DataType.INT64))
        .setSampling(32, shuffle)
        .build();
  }

  @BeforeAll
  static void trainATinyRun() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(5);
      ArrayDataset train = randomImages(manager, 64, true);
      ArrayDataset validation = randomImages(manager, 32, false);
      result =
          BornAgain.builder()
              .student(() -> ModelCatalogue.get(PRESET).build(CLASSES))
              .generations(3)
              .loss(DistillationLosses.ban())
              .epochs(1)
              .distilEnsembleInto(() -> ModelCatalogue.get(PRESET).build(CLASSES))
              .checkpointDirectory(temp.resolve("run"))
              .seed(3)
              .quiet()
              .train(train, validation);
    }
  }

  @Test
  void exportedMembers_loadWithoutBanCore_andPredictTheSameBits() throws Exception {
    List<List<String>> exports =
        List.of(
            List.of("BAN-1"),
            List.of("BAN-1", "BAN-2", "BAN-3"),
            List.of(Generation.DISTILLED_NAME));
    Path input = temp.resolve("input.f32");
    float[] pixels = new float[Math.toIntExact(BATCH.size())];
    java.util.Random random = new java.util.Random(9);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextGaussian();
    }
    writeFloats(input, pixels);
    Path loader = compileLoader();
    for (int e = 0; e < exports.size(); e++) {
      List<String> members = exports.get(e);
      Path directory = temp.resolve("export-" + e);
      ExportedModel written = result.export(directory, ExportOptions.of(PRESET, CLASSES, members));
      assertThat(written.members()).containsExactlyElementsOf(members);
      assertThat(written.memberEpochs()).allMatch(d -> d.equals("last epoch (1 of 1)"));
      assertThat(directory.resolve("ban-0000.params")).isRegularFile();
      assertThat(Files.readString(directory.resolve("serving.properties")))
          .contains("blockFactory=dev.bornagain.models.serving.EnsembleBlockFactory")
          .contains("option.modelName=ban");

      float[] expected;
      try (EnsemblePredictor ensemble = result.ensemble(members);
          NDManager manager = NDManager.newBaseManager()) {
        expected =
            ensemble.predictProbabilities(new NDList(manager.create(pixels, BATCH))).toFloatArray();
      }
      Path output = temp.resolve("output-" + e + ".f32");
      runWithoutBanCore(loader, directory, input, output);
      assertThat(readFloats(output)).as("%s", members).containsExactly(expected);
    }
  }

  @Test
  void ensembleModel_isAPlainDjlModel_forAPredictorAndModelSave() throws Exception {
    try (EnsemblePredictor ensemble = result.ensemble(3);
        Model model = ensemble.newModel("ens3");
        Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator());
        NDManager manager = NDManager.newBaseManager()) {
      NDList batch = new NDList(manager.randomNormal(BATCH));
      NDArray viaDjl = predictor.predict(batch).head();
      assertThat(viaDjl.toFloatArray())
          .containsExactly(ensemble.predictProbabilities(batch).toFloatArray());
      for (float sum : viaDjl.sum(new int[] {1}).toFloatArray()) {
        assertThat(sum).isCloseTo(1f, within(1e-5f));
      }
      model.save(temp.resolve("saved"), "ens3");
      assertThat(temp.resolve("saved/ens3-0000.params")).isRegularFile();
    }
  }

  @Test
  void ensembleOf_reachesTheDistilledStudent_byIndexAndName() {
    try (EnsemblePredictor byIndex = result.ensembleOf(4);
        EnsemblePredictor byName = result.ensemble(List.of(Generation.DISTILLED_NAME))) {
      assertThat(byIndex.memberNames()).containsExactly(Generation.DISTILLED_NAME);
      assertThat(byName.memberNames()).containsExactly(Generation.DISTILLED_NAME);
    }
    assertThatThrownBy(() -> result.ensembleOf(5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no generation 5")
        .hasMessageContaining("4 " + Generation.DISTILLED_NAME);
  }

  @Test
  void export_refusesAnExistingModelDirectory_andUnkeptBestEpochs() throws Exception {
    Path directory = temp.resolve("twice");
    result.export(directory, ExportOptions.of(PRESET, CLASSES, List.of("BAN-1")));
    assertThatThrownBy(
            () -> result.export(directory, ExportOptions.of(PRESET, CLASSES, List.of("BAN-1"))))
        .hasMessageContaining("already holds a model");
    assertThatThrownBy(
            () ->
                result.export(
                    temp.resolve("best"),
                    ExportOptions.of(PRESET, CLASSES, List.of("BAN-1"))
                        .kept(KeptEpoch.BEST_VALIDATION)))
        .hasMessageContaining("BAN-1 has no best-validation parameters");
  }

  /** A program that only DJL, the engine and ban-models can run: Criteria, predict, write. */
  private static Path compileLoader() throws Exception {
    Path source = temp.resolve("loader/LoadExported.java");
    Files.createDirectories(source.getParent());
    Files.writeString(
        source,
        """
        import ai.djl.inference.Predictor;
        import ai.djl.ndarray.NDList;
        import ai.djl.ndarray.NDManager;
        import ai.djl.ndarray.types.Shape;
        import ai.djl.repository.zoo.Criteria;
        import ai.djl.repository.zoo.ZooModel;
        import java.nio.ByteBuffer;
        import java.nio.ByteOrder;
        import java.nio.file.Files;
        import java.nio.file.Path;

        public final class LoadExported {
          public static void main(String[] args) throws Exception {
            byte[] raw = Files.readAllBytes(Path.of(args[1]));
            float[] in = new float[raw.length / 4];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(in);
            Criteria<NDList, NDList> criteria =
                Criteria.builder().setTypes(NDList.class, NDList.class)
                    .optModelPath(Path.of(args[0])).build();
            try (ZooModel<NDList, NDList> model = criteria.loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = NDManager.newBaseManager()) {
              float[] out = predictor.predict(
                  new NDList(manager.create(in, new Shape(16, 1, 28, 28)))).head().toFloatArray();
              ByteBuffer bytes = ByteBuffer.allocate(out.length * 4).order(ByteOrder.LITTLE_ENDIAN);
              bytes.asFloatBuffer().put(out);
              Files.write(Path.of(args[2]), bytes.array());
            }
          }
        }
        """,
        StandardCharsets.UTF_8);
    int code =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-cp",
                classpathWithoutBanCore(),
                "-d",
                source.getParent().toString(),
                source.toString());
    assertThat(code).as("javac").isZero();
    return source.getParent();
  }

  private static String classpathWithoutBanCore() {
    String classpath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.contains("ban-core"))
            .collect(Collectors.joining(File.pathSeparator));
    assertThat(classpath).contains("ban-models").doesNotContain("ban-core");
    return classpath;
  }

  private static void runWithoutBanCore(Path loader, Path model, Path input, Path output)
      throws Exception {
    Path log = temp.resolve("loader.log");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-cp",
                loader + File.pathSeparator + classpathWithoutBanCore(),
                "LoadExported",
                model.toString(),
                input.toString(),
                output.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(child.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).as(Files.readString(log)).isZero();
  }

  private static void writeFloats(Path file, float[] values) throws Exception {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    Files.write(file, bytes.array());
  }

  private static float[] readFloats(Path file) throws Exception {
    byte[] raw = Files.readAllBytes(file);
    float[] values = new float[raw.length / 4];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }
}
