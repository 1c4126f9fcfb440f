package dev.bornagain.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Record;
import dev.bornagain.core.train.FrozenModel;
import dev.bornagain.core.train.ParameterSnapshot;
import dev.bornagain.examples.data.Split;
import dev.bornagain.examples.data.image.FashionMnistDataset;
import dev.bornagain.examples.pipeline.PipelineSettings;
import dev.bornagain.models.catalogue.ModelCatalogue;
import dev.bornagain.models.catalogue.ModelPreset;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
    CommandRun export =
        CommandRun.of(
            "export",
            "--run",
            run.toString(),
            "--seed",
            "1",
            "--member",
            "BAN-1",
            "--output",
            model.toString());
    assertThat(export.exitCode()).as(export.err()).isZero();
    assertThat(export.out()).contains("BAN-1: last epoch (2 of 2)");

    // Test image 0 of the embedded subset as a greyscale PNG, and the same pixels in this JVM.
    FashionMnistDataset test =
        FashionMnistDataset.builder()
            .fromEmbeddedDemo()
            .setSplit(Split.TEST)
            .setSampling(1, false)
            .build();
    Path png = temp.resolve("test-0.png");
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        image.getRaster().setSample(x, y, 0, test.images().pixel(0, 0, y, x));
      }
    }
    ImageIO.write(image, "png", png.toFile());

    ModelPreset preset = ModelCatalogue.get("cnn-3x2-grey");
    Path parameters =
        PipelineSettings.checkpointDirectory(run, 1).resolve("generation-1/final.parameters");
    String expected;
    try (NDManager manager = NDManager.newBaseManager();
        FrozenModel student =
            FrozenModel.load(
                "BAN-1",
                preset.build(10),
                List.of(preset.sampleInputShape()),
                ParameterSnapshot.ofFile(parameters),
                Device.cpu())) {
      Record record = test.get(manager, 0);
      NDArray input = record.getData().head().expandDims(0);
      float[] probabilities = student.forward(new NDList(input)).head().softmax(-1).toFloatArray();
      int top = 0;
      for (int c = 1; c < probabilities.length; c++) {
        top = probabilities[c] > probabilities[top] ? c : top;
      }
      expected =
          String.format(
              Locale.ROOT,
              "  %-12s %.6f",
              FashionMnistDataset.CLASS_NAMES.get(top),
              probabilities[top]);
    }

    CommandRun predict =
        CommandRun.of("predict", "--model", model.toString(), "--top", "2", png.toString());
    assertThat(predict.exitCode()).as(predict.err()).isZero();
    List<String> lines = predict.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo(png + ":");
    assertThat(lines.get(1)).isEqualTo(expected);
  }

  @Test
  void export_ofEnsemblesAndBestEpochs_saysWhichEpochEachMemberIs() throws Exception {
    Path model = temp.resolve("ens2-t");
    CommandRun export =
        CommandRun.of(
            "export",
            "--run",
            run.toString(),
            "--seed",
            "1",
            "--member",
            "Ens*2+T",
            "--epoch",
            "best-validation",
            "--output",
            model.toString());
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
    CommandRun noSuchMember =
        CommandRun.of(
            "export",
            "--run",
            run.toString(),
            "--seed",
            "1",
            "--member",
            "BAN-3",
            "--output",
            temp.resolve("x").toString());
    assertThat(noSuchMember.exitCode()).isEqualTo(2);
    assertThat(noSuchMember.err()).contains("BAN-3 needs students 1..3 but the run has 2");
    CommandRun noDistilled =
        CommandRun.of(
            "export",
            "--run",
            run.toString(),
            "--seed",
            "1",
            "--member",
            "distilled",
            "--output",
            temp.resolve("y").toString());
    assertThat(noDistilled.exitCode()).isEqualTo(1);
    assertThat(noDistilled.err()).contains("has no generation BAN-ensemble-distilled of seed 1");
    CommandRun notAModel =
        CommandRun.of("predict", "--model", run.toString(), temp.resolve("none.png").toString());
    assertThat(notAModel.exitCode()).isEqualTo(1);
    assertThat(notAModel.err()).contains("is not an exported ban model: serving.properties");
  }
}
