package dev.bornagain.models.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exported image model's input side: DJL's [0, 1] pixels in, training's floats out. */
final class PixelNormalizingBlockTest {

  private static final List<Double> MEAN = List.of(0.4914, 0.4822, 0.4465);
  private static final List<Double> STD = List.of(0.2470, 0.2435, 0.2616);

  @Test
  void forward_givesTheTrainingTablesFloats_withinTheServingTolerance() {
    float[][] tables = PixelNormalization.lookupTables(MEAN, STD);
    try (NDManager manager = NDManager.newBaseManager()) {
      // Every byte value in every channel, as DJL's ToTensor makes it: v / 255 in float.
      int pixels = 256;
      float[] input = new float[3 * pixels];
      for (int c = 0; c < 3; c++) {
        for (int v = 0; v < 256; v++) {
          input[c * pixels + v] = v / 255f;
        }
      }
      Block wide =
          new PixelNormalizingBlock(LambdaBlock.singleton(x -> x), new Shape(3, 16, 16), MEAN, STD);
      wide.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 16));
      float[] out =
          wide.forward(
                  new ParameterStore(manager, false),
                  new NDList(manager.create(input, new Shape(1, 3, 16, 16))),
                  false)
              .head()
              .toFloatArray();
      double worst = 0;
      for (int c = 0; c < 3; c++) {
        for (int v = 0; v < 256; v++) {
          worst = Math.max(worst, Math.abs(out[c * pixels + v] - tables[c][v]));
        }
      }
      // Float arithmetic against the tables' double arithmetic: a few units in the last place.
      assertThat(worst).isLessThan(2e-6);
    }
  }

  @Test
  void forward_refusesValuesOutsideTheUnitRange_andOtherShapes_sayingWhatToPass() {
    Shape grey = new Shape(1, 28, 28);
    PixelNormalizingBlock block =
        new PixelNormalizingBlock(
            LambdaBlock.singleton(x -> x), grey, List.of(0.286), List.of(0.353));
    try (NDManager manager = NDManager.newBaseManager()) {
      block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
      ParameterStore store = new ParameterStore(manager, false);
      assertThatThrownBy(
              () ->
                  block.forward(
                      store, new NDList(manager.ones(new Shape(1, 1, 28, 28)).mul(255)), false))
          .hasMessageContaining("takes pixels / 255 in [0, 1]")
          .hasMessageContaining("from 255.0 to 255.0");
      assertThatThrownBy(
              () -> block.forward(store, new NDList(manager.ones(new Shape(1, 3, 28, 28))), false))
          .hasMessageContaining("greyscale 28x28 images")
          .hasMessageContaining("flag=GRAYSCALE, width=28, height=28, resize=true");
    }
  }

  @Test
  void parameters_areTheNetworksAlone() throws Exception {
    Block wrapped = Linear.builder().setUnits(2).build();
    PixelNormalizingBlock block =
        new PixelNormalizingBlock(wrapped, new Shape(1, 1, 3), List.of(0.5), List.of(0.25));
    try (NDManager manager = NDManager.newBaseManager()) {
      block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 1, 3));
      assertThat(bytes(block)).isEqualTo(bytes(wrapped));
    }
  }

  private static byte[] bytes(Block block) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      block.saveParameters(out);
    }
    return bytes.toByteArray();
  }
}
