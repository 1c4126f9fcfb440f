package dev.bornagain.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.loss.Loss;
import com.google.common.collect.ImmutableList;
import dev.bornagain.core.checkpoint.AtomicFiles;
import dev.bornagain.core.checkpoint.DamagedFileException;
import dev.bornagain.core.checkpoint.GenerationCheckpoint;
import dev.bornagain.core.optim.LearningRateSchedule;
import dev.bornagain.core.optim.SgdSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ParameterSnapshotTest {

  private static final Shape INPUT = new Shape(4, 8);

  @TempDir Path temp;

  private NDManager manager;

  @BeforeEach
  void openManager() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  /** Linear(16) -> BatchNorm -> ReLU -> Linear(classes), initialised. */
  private Block mlp(int classes, int... hidden) {
    SequentialBlock block = new SequentialBlock();
    for (int units : hidden.length == 0 ? new int[] {16} : hidden) {
      block.add(Linear.builder().setUnits(units).build()).add(BatchNorm.builder().build());
      block.add(Activation::relu);
    }
    block.add(Linear.builder().setUnits(classes).build());
    block.initialize(manager, DataType.FLOAT32, INPUT);
    return block;
  }

  private Path saved(Block block) throws Exception {
    Path file = temp.resolve("saved.parameters");
    AtomicFiles.writeWithDigest(file, block::saveParameters);
    return file;
  }

  @Test
  void loadInto_restoresTheSavedParameters() throws Exception {
    Block original = mlp(3);
    Block copy = mlp(3);
    ParameterSnapshot.ofFile(saved(original)).loadInto(copy, manager);
    assertThat(TeacherFreezeTest.firstWeights(copy))
        .isEqualTo(TeacherFreezeTest.firstWeights(original));
  }

  @Test
  void loadInto_rejectsFourClassParametersInAThreeClassBlock_namingParameterAndShapes()
      throws Exception {
    Path file = saved(mlp(4));

    assertThatThrownBy(() -> ParameterSnapshot.ofFile(file).loadInto(mlp(3), manager))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameters file " + file + " do not fit the block")
        .hasMessageContaining("parameter 04Linear_weight has shape (3, 16) in the block")
        .hasMessageContaining("but (4, 16) in the file");
    // Held in memory, the same check.
    assertThatThrownBy(() -> ParameterSnapshot.copyOf(mlp(4)).loadInto(mlp(3), manager))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameters in memory do not fit the block")
        .hasMessageContaining("parameter 04Linear_weight has shape (3, 16) in the block");
  }

  @Test
  void loadInto_rejectsAnotherWidth_namingTheFirstLayer() {
    assertThatThrownBy(() -> ParameterSnapshot.copyOf(mlp(3, 24)).loadInto(mlp(3, 16), manager))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter 01Linear_weight has shape (16, 8) in the block")
        .hasMessageContaining("but (24, 8) in the file");
  }

  @Test
  void loadInto_rejectsParametersOfADeeperNetwork_namingTheFirstMisfit() {
    assertThatThrownBy(() -> ParameterSnapshot.copyOf(mlp(3, 16, 16)).loadInto(mlp(3, 16), manager))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameters in memory do not fit the block")
        .hasMessageContaining("parameter 04Linear_weight has shape (3, 16) in the block")
        .hasMessageContaining("but (16, 16) in the file");
  }

  @Test
  void loadInto_rejectsBytesAfterTheBlocksParameters() throws Exception {
    Path file = temp.resolve("longer.parameters");
    try (var out = new java.io.DataOutputStream(Files.newOutputStream(file))) {
      mlp(3).saveParameters(out);
      out.write(new byte[] {1, 2, 3});
    }

    assertThatThrownBy(() -> ParameterSnapshot.ofFile(file).loadInto(mlp(3), manager))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameters file " + file + " (a Block.saveParameters stream)")
        .hasMessageContaining("hold 3 bytes more than the block's parameters");
  }

  @Test
  void loadInto_reportsABitFlip_namingTheFile() throws Exception {
    Path file = saved(mlp(3));
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 5] ^= 0x01;
    Files.write(file, bytes);

    assertThatThrownBy(() -> ParameterSnapshot.ofFile(file).loadInto(mlp(3), manager))
        .isInstanceOf(DamagedFileException.class)
        .hasMessageContaining("file " + file + " is damaged");
  }

  @Test
  void loadInto_acceptsAFileWrittenByDjlModelSave() throws Exception {
    Block trained = mlp(3);
    Path directory = temp.resolve("model");
    try (Model model = Model.newInstance("teacher")) {
      model.setBlock(trained);
      model.setProperty("Epoch", "7");
      model.save(directory, "teacher");
    }
    Path file = directory.resolve("teacher-0007.params");
    assertThat(file).exists();

    Block loaded = mlp(3);
    ParameterSnapshot.ofFile(file).loadInto(loaded, manager);
    assertThat(TeacherFreezeTest.firstWeights(loaded))
        .isEqualTo(TeacherFreezeTest.firstWeights(trained));
    // And the same shape check behind the header.
    assertThatThrownBy(() -> ParameterSnapshot.ofFile(file).loadInto(mlp(4), manager))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter 04Linear_weight has shape (4, 16) in the block")
        .hasMessageContaining("but (3, 16) in the file");
  }

  @Test
  void loadInto_rejectsAFileOfNeitherFormat_namingTheFormatsExpected() throws Exception {
    Path file = temp.resolve("weights.bin");
    byte[] noise = new byte[256];
    new Random(3).nextBytes(noise);
    noise[0] = 42; // not a block version DJL knows
    Files.write(file, noise);

    assertThatThrownBy(() -> ParameterSnapshot.ofFile(file).loadInto(mlp(3), manager))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameters file " + file)
        .hasMessageContaining("Block.saveParameters or Model.save");
  }

  @Test
  void studentResume_fromACheckpointOfAnotherArchitecture_isRefusedNamingTheParameter()
      throws Exception {
    Path parameters = saved(mlp(4));
    Path optimizer = temp.resolve("optimizer");
    AtomicFiles.writeWithDigest(optimizer, out -> out.writeInt(0));
    GenerationCheckpoint checkpoint =
        new GenerationCheckpoint(1, 1, false, "", ImmutableList.of(), parameters, optimizer);
    TrainingPlan plan =
        new TrainingPlan(
            2,
            new SgdSettings(0.1f, 0.9f, true, 5e-4f),
            LearningRateSchedule.constant(),
            ImmutableList.of(Device.cpu()),
            ImmutableList.of(INPUT));
    SequentialBlock threeClasses = new SequentialBlock();
    threeClasses
        .add(Linear.builder().setUnits(16).build())
        .add(BatchNorm.builder().build())
        .add(Activation::relu)
        .add(Linear.builder().setUnits(3).build());

    assertThatThrownBy(
            () ->
                Student.create(
                    "BAN-1", threeClasses, plan, Loss.softmaxCrossEntropyLoss(), 1, checkpoint))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameters file " + parameters)
        .hasMessageContaining("parameter 04Linear_weight has shape (3, 16) in the block")
        .hasMessageContaining("but (4, 16) in the file");
  }
}
