package dev.bornagain.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.dataset.Record;
import dev.bornagain.core.train.FrozenModel;
import dev.bornagain.core.train.ParameterSnapshot;
import dev.bornagain.datasets.SharedData;
import dev.bornagain.datasets.Split;
import dev.bornagain.datasets.image.FashionMnistDataset;
import dev.bornagain.examples.pipeline.PipelineSettings;
import dev.bornagain.models.catalogue.ModelCatalogue;
import dev.bornagain.models.catalogue.ModelPreset;
import dev.bornagain.models.serving.ExportedModel;
import dev.bornagain.models.serving.ImageClassifierTranslatorFactory;
import dev.bornagain.models.serving.PixelNormalization;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From a finished run to a served prediction: {@code ban export}, then {@code ban predict}. */
final class ExportPredictCommandsTest {

  @TempDir static Path temp;

  private static Path run;

  @BeforeAll
  static void trainATinyRun() {
    run = temp.resolve("run");
    CommandRun training =
        CommandRun.of(
            "demo",
            "--train-subset",
            "128",
            "--eval-subset",
            "64",
            "--epochs",
            "2",
            "--generations",
            "2",
            "--seeds",
            "1",
            "--keep",
            "best-validation",
            "--output",
            run.toString(),
            "--quiet");
    assertThat(training.exitCode()).as(training.err()).isZero();
  }

  @Test
  void exportedStudent_predictsAPngLikeTheTrainingJvmOnTheSamePixels() throws Exception {
    Path model = temp.resolve("ban-1");
    CommandRun export = CommandRun.export(run, 1, "BAN-1", model);
    assertThat(export.exitCode()).as(export.err()).isZero();
    assertThat(export.out()).contains("BAN-1: last epoch (2 of 2)");

    // Test image 0 of the embedded subset as a greyscale PNG, and the same pixels in this JVM.
    FashionMnistDataset test = embeddedTestSet();
    Path png = write(greyTestImage(test, 0), "png", temp.resolve("test-0.png"));

    float[] expected;
    try (NDManager manager = NDManager.newBaseManager()) {
      Record record = test.get(manager, 0);
      NDArray input = record.getData().head().expandDims(0);
      expected =
          trainingProbabilities("BAN-1", run, "cnn-3x2-grey", 10, new NDList(input), manager);
    }

    CommandRun predict =
        CommandRun.of("predict", "--model", model.toString(), "--top", "2", png.toString());
    assertThat(predict.exitCode()).as(predict.err()).isZero();
    List<String> lines = predict.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo(png + ":");
    int top = argMax(expected);
    assertThat(lines.get(1)).startsWith("  " + FashionMnistDataset.CLASS_NAMES.get(top) + " ");
    // The served image reaches the network as pixel / 255 in float, then (x - mean) / std in the
    // block; training's tables compute the same in double: the floats differ in the last bits.
    assertThat(Double.parseDouble(lines.get(1).substring(14).trim()))
        .isCloseTo(expected[top], within(TOLERANCE));
  }

  @Test
  void plainDjl_withoutBanCore_answersLikeBanPredict_forAGreyStudentAndEnsemble() throws Exception {
    Path ban1 = export(run, "BAN-1", temp.resolve("grey-ban-1"));
    Path ens2 = export(run, "Ens*2", temp.resolve("grey-ens-2"));
    FashionMnistDataset test = embeddedTestSet();
    List<Path> images = new ArrayList<>();
    for (int index : new int[] {0, 1}) {
      BufferedImage atSize = greyTestImage(test, index);
      images.add(write(atSize, "png", temp.resolve("grey-" + index + ".png")));
      images.add(
          write(scaled(atSize, 41, 36), "png", temp.resolve("grey-" + index + "-41x36.png")));
    }
    PlainDjlJvm plain = PlainDjlJvm.compile(temp.resolve("plain-grey"));
    for (Path model : List.of(ban1, ens2)) {
      assertPlainDjlAnswersLikeBanPredict(plain.predict(model, images), model, images, 10);
    }
  }

  @Test
  void olderExport_namingItsTranslatorFactory_predictsAsNow_andThePlainCallRefusesByName()
      throws Exception {
    Path current = export(run, "BAN-1", temp.resolve("current-ban-1"));
    Path older = temp.resolve("older-ban-1");
    Files.createDirectories(older);
    for (String file : List.of("ban-0000.params", ExportedModel.SYNSET)) {
      Files.copy(current.resolve(file), older.resolve(file));
    }
    // serving.properties as exports wrote it before the normalisation moved into the block.
    Properties properties = new Properties();
    ExportedModel.readArguments(current).forEach(properties::setProperty);
    ExportedModel.read(current).imageTranslatorArguments().keySet().forEach(properties::remove);
    properties.setProperty("translatorFactory", ImageClassifierTranslatorFactory.class.getName());
    try (Writer writer = Files.newBufferedWriter(older.resolve(ExportedModel.SERVING_PROPERTIES))) {
      properties.store(writer, null);
    }
    Path png = write(greyTestImage(embeddedTestSet(), 0), "png", temp.resolve("older-0.png"));

    CommandRun now = CommandRun.of("predict", "--model", current.toString(), png.toString());
    CommandRun before = CommandRun.of("predict", "--model", older.toString(), png.toString());
    assertThat(before.exitCode()).as(before.err()).isZero();
    assertThat(before.out()).isEqualTo(now.out());

    Criteria<Image, Classifications> plain =
        Criteria.builder().setTypes(Image.class, Classifications.class).optModelPath(older).build();
    try (ZooModel<Image, Classifications> model = plain.loadModel();
        Predictor<Image, Classifications> predictor = model.newPredictor()) {
      Image image = ImageFactory.getInstance().fromFile(png);
      assertThatThrownBy(() -> predictor.predict(image))
          .hasStackTraceContaining("greyscale 28x28 images")
          .hasStackTraceContaining("flag=GRAYSCALE, width=28, height=28, resize=true");
    }
  }

  @Test
  void colourExport_fromPngAndJpeg_matchesTheTrainingJvm_andNotUnnormalisedPixels()
      throws Exception {
    Path colourRun = colourRun();
    Path model = export(colourRun, "BAN-1", temp.resolve("colour-ban-1"));
    BufferedImage atSize = cifarTestImage(0);
    Path png = write(atSize, "png", temp.resolve("colour-0.png"));
    Path jpeg = write(atSize, "jpg", temp.resolve("colour-0.jpg"));
    Path resized = write(scaled(atSize, 45, 50), "png", temp.resolve("colour-0-45x50.png"));
    Path resizedJpeg = write(scaled(atSize, 24, 24), "jpg", temp.resolve("colour-0-24x24.jpg"));
    List<Path> images = List.of(png, jpeg, resized, resizedJpeg);

    Map<Path, PlainDjlJvm.Answer> answers =
        PlainDjlJvm.compile(temp.resolve("plain-colour")).predict(model, images);
    assertPlainDjlAnswersLikeBanPredict(answers, model, images, 10);

    ExportedModel description = ExportedModel.read(model);
    float[][] tables = PixelNormalization.lookupTables(description.mean(), description.std());
    for (Path file : List.of(png, jpeg)) {
      // The same pixels as the served image: DJL's ImageFactory decodes the file here too.
      Image image = ImageFactory.getInstance().fromFile(file);
      try (NDManager manager = NDManager.newBaseManager()) {
        byte[] hwc = image.toNDArray(manager, Image.Flag.COLOR).toByteArray();
        float[] normalised = new float[hwc.length];
        float[] unnormalised = new float[hwc.length];
        int plane = 32 * 32;
        for (int c = 0; c < 3; c++) {
          for (int p = 0; p < plane; p++) {
            int value = hwc[p * 3 + c] & 0xFF;
            normalised[c * plane + p] = tables[c][value];
            unnormalised[c * plane + p] = value / 255f;
          }
        }
        Shape batch = new Shape(1, 3, 32, 32);
        float[] training =
            trainingProbabilities(
                "BAN-1",
                colourRun,
                "cnn-small-rgb",
                10,
                new NDList(manager.create(normalised, batch)),
                manager);
        float[] raw =
            trainingProbabilities(
                "BAN-1",
                colourRun,
                "cnn-small-rgb",
                10,
                new NDList(manager.create(unnormalised, batch)),
                manager);
        Map<String, Double> served = answers.get(file).probabilities();
        double rawDistance = 0;
        for (int k = 0; k < 10; k++) {
          String name = description.classNames().get(k);
          assertThat(served.get(name))
              .as("%s %s", file, name)
              .isCloseTo(training[k], within(TOLERANCE));
          rawDistance = Math.max(rawDistance, Math.abs(served.get(name) - raw[k]));
        }
        // Had the model been fed pixel / 255 without the normalisation, it would answer these.
        assertThat(rawDistance)
            .as("%s: unnormalised pixels answer differently", file)
            .isGreaterThan(1e-3);
      }
    }
  }

  @Test
  void export_ofEnsemblesAndBestEpochs_saysWhichEpochEachMemberIs() throws Exception {
    Path model = temp.resolve("ens2-t");
    CommandRun export = CommandRun.export(run, 1, "Ens*2+T", model, "--epoch", "best-validation");
    assertThat(export.exitCode()).as(export.err()).isZero();
    assertThat(export.out())
        .containsPattern("teacher: best validation epoch \\([12] of 2, \\d+\\.\\d\\d% validation")
        .contains("BAN-1: best validation epoch")
        .contains("BAN-2: best validation epoch");
    assertThat(Files.readString(model.resolve("serving.properties")))
        .contains("members=teacher,BAN-1,BAN-2");
    assertThat(Files.readAllLines(model.resolve("synset.txt")))
        .containsExactlyElementsOf(FashionMnistDataset.CLASS_NAMES);
  }

  @Test
  void export_andPredict_refuseBadInputsByName() {
    CommandRun noSuchMember = CommandRun.export(run, 1, "BAN-3", temp.resolve("x"));
    assertThat(noSuchMember.exitCode()).isEqualTo(2);
    assertThat(noSuchMember.err()).contains("BAN-3 needs students 1..3 but the run has 2");
    CommandRun noDistilled = CommandRun.export(run, 1, "distilled", temp.resolve("y"));
    assertThat(noDistilled.exitCode()).isEqualTo(1);
    assertThat(noDistilled.err()).contains("has no generation BAN-ensemble-distilled of seed 1");
    CommandRun notAModel =
        CommandRun.of("predict", "--model", run.toString(), temp.resolve("none.png").toString());
    assertThat(notAModel.exitCode()).isEqualTo(1);
    assertThat(notAModel.err()).contains("is not an exported ban model: serving.properties");
  }

  /** The probabilities may differ in the last float bits between the training and serving paths. */
  private static final double TOLERANCE = 1e-6;

  private static Path colourRun;

  /** A tiny CIFAR-10 run (colour, 32x32), trained on first use; skips without the real data. */
  private static synchronized Path colourRun() {
    if (colourRun == null) {
      Path output = temp.resolve("colour-run");
      CommandRun training =
          CommandRun.of(
              CommandRun.cifar10FewBatches(),
              "--seeds",
              "1",
              "--output",
              output.toString(),
              "--quiet");
      assertThat(training.exitCode()).as(training.err()).isZero();
      colourRun = output;
    }
    return colourRun;
  }

  /** Image {@code index} of the CIFAR-10 test file: a label byte, then the R, G and B planes. */
  private static BufferedImage cifarTestImage(int index) throws IOException {
    byte[] record = new byte[1 + 3 * 32 * 32];
    try (InputStream in =
        Files.newInputStream(SharedData.file("cifar-10", "test_batch_first1000.bin"))) {
      in.skipNBytes((long) index * record.length);
      in.readNBytes(record, 0, record.length);
    }
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        int p = 1 + y * 32 + x;
        int r = record[p] & 0xFF;
        int g = record[p + 1024] & 0xFF;
        int b = record[p + 2048] & 0xFF;
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return image;
  }

  private static FashionMnistDataset embeddedTestSet() throws IOException {
    return FashionMnistDataset.builder()
        .fromEmbeddedDemo()
        .setSplit(Split.TEST)
        .setSampling(1, false)
        .build();
  }

  private static BufferedImage greyTestImage(FashionMnistDataset test, int index) {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        image.getRaster().setSample(x, y, 0, test.images().pixel(index, 0, y, x));
      }
    }
    return image;
  }

  private static BufferedImage scaled(BufferedImage image, int width, int height) {
    BufferedImage scaled = new BufferedImage(width, height, image.getType());
    Graphics2D graphics = scaled.createGraphics();
    graphics.drawImage(image, 0, 0, width, height, null);
    graphics.dispose();
    return scaled;
  }

  private static Path write(BufferedImage image, String format, Path file) throws IOException {
    assertThat(ImageIO.write(image, format, file.toFile())).as("a %s writer", format).isTrue();
    return file;
  }

  static Path export(Path run, String member, Path output) {
    CommandRun export = CommandRun.export(run, 1, member, output);
    assertThat(export.exitCode()).as(export.err()).isZero();
    return output;
  }

  /** The softmax of a run's trained generation on inputs prepared as training prepares them. */
  static float[] trainingProbabilities(
      String name, Path run, String preset, int classes, NDList input, NDManager manager)
      throws IOException {
    ModelPreset network = ModelCatalogue.get(preset);
    int generation = name.equals("teacher") ? 0 : Integer.parseInt(name.substring(4));
    Path parameters =
        PipelineSettings.checkpointDirectory(run, 1)
            .resolve("generation-" + generation + "/final.parameters");
    try (FrozenModel student =
        FrozenModel.load(
            name,
            network.build(classes),
            List.of(network.sampleInputShape()),
            ParameterSnapshot.ofFile(parameters),
            Device.cpu())) {
      NDArray probabilities = student.forward(input).head().softmax(-1);
      probabilities.attach(manager);
      return probabilities.toFloatArray();
    }
  }

  private static int argMax(float[] values) {
    int top = 0;
    for (int c = 1; c < values.length; c++) {
      top = values[c] > values[top] ? c : top;
    }
    return top;
  }

  /**
   * The plain JVM's probabilities equal {@code ban predict}'s (printed to 6 decimals) for every
   * class, and DJL's JSON names the same top class.
   */
  private static void assertPlainDjlAnswersLikeBanPredict(
      Map<Path, PlainDjlJvm.Answer> answers, Path model, List<Path> images, int classes) {
    List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString()));
    args.addAll(List.of("--top", Integer.toString(classes)));
    images.forEach(image -> args.add(image.toString()));
    CommandRun predict = CommandRun.of(args.toArray(String[]::new));
    assertThat(predict.exitCode()).as(predict.err()).isZero();
    Map<Path, Map<String, Double>> banPredict = new LinkedHashMap<>();
    Map<String, Double> current = null;
    for (String line : predict.out().lines().toList()) {
      if (!line.startsWith("  ")) {
        current = new LinkedHashMap<>();
        banPredict.put(Path.of(line.substring(0, line.length() - 1)), current);
      } else {
        String trimmed = line.trim();
        int space = trimmed.lastIndexOf(' ');
        current.put(
            trimmed.substring(0, space).trim(), Double.valueOf(trimmed.substring(space + 1)));
      }
    }
    for (Path image : images) {
      Map<String, Double> expected = banPredict.get(image);
      PlainDjlJvm.Answer answer = answers.get(image);
      assertThat(answer.probabilities()).as("%s on %s", model, image).hasSize(classes);
      String top = expected.keySet().iterator().next();
      assertThat(answer.jsonTopClass()).as("%s on %s, JSON", model, image).isEqualTo(top);
      assertThat(answer.contentType()).isEqualTo("application/json");
      expected.forEach(
          (name, probability) ->
              assertThat(answer.probabilities().get(name))
                  .as("%s on %s, %s", model, image, name)
                  // ban predict prints 6 decimals: half a unit of rounding, then the tolerance.
                  .isCloseTo(probability, within(5e-7 + TOLERANCE)));
      double json = answer.json().get(0).getAsJsonObject().get("probability").getAsDouble();
      assertThat(json).isCloseTo(answer.probabilities().get(top), within(TOLERANCE));
    }
  }
}
