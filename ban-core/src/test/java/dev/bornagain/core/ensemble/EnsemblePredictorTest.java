package dev.bornagain.core.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.bornagain.core.checkpoint.DamagedFileException;
import dev.bornagain.core.checkpoint.FileDigest;
import dev.bornagain.core.train.FrozenModel;
import dev.bornagain.core.train.ParameterSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class EnsemblePredictorTest {

  private static final List<Shape> INPUT = List.of(new Shape(4, 8));

  @TempDir Path temp;

  private static Block mlp(int classes) {
    return new SequentialBlock()
        .add(Linear.builder().setUnits(16).build())
        .add(Linear.builder().setUnits(classes).build());
  }

  /** Saves an ensemble of two members of the given number of classes. */
  private Path savedEnsemble(int classes) throws Exception {
    Path directory = temp.resolve("ensemble-" + classes);
    Device device = Device.cpu();
    try (NDManager manager = NDManager.newBaseManager(device)) {
      List<FrozenModel> members = new java.util.ArrayList<>();
      for (String name : List.of("BAN-1", "BAN-2")) {
        Block block = mlp(classes);
        block.initialize(manager, DataType.FLOAT32, INPUT.get(0));
        members.add(
            FrozenModel.load(name, mlp(classes), INPUT, ParameterSnapshot.copyOf(block), device));
      }
      try (EnsemblePredictor ensemble = EnsemblePredictor.of(members, INPUT, device)) {
        ensemble.save(directory);
      }
    }
    return directory;
  }

  @Test
  void save_writesADigestBesideEveryMember_andLoadReadsThemBack() throws Exception {
    Path directory = savedEnsemble(3);
    assertThat(FileDigest.sidecar(directory.resolve("member-0.parameters"))).exists();
    assertThat(FileDigest.sidecar(directory.resolve("member-1.parameters"))).exists();
    try (EnsemblePredictor loaded =
        EnsemblePredictor.load(directory, name -> mlp(3), Device.cpu())) {
      assertThat(loaded.memberNames()).containsExactly("BAN-1", "BAN-2");
    }
  }

  @Test
  void load_rejectsFourClassMembersInThreeClassBlocks_namingMemberParameterAndShapes()
      throws Exception {
    Path directory = savedEnsemble(4);

    assertThatThrownBy(() -> EnsemblePredictor.load(directory, name -> mlp(3), Device.cpu()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ensemble member BAN-1")
        .hasMessageContaining(directory.resolve("member-0.parameters").toString())
        .hasMessageContaining("parameter 02Linear_weight has shape (3, 16) in the block")
        .hasMessageContaining("but (4, 16) in the file");
  }

  @Test
  void load_reportsADamagedMember_namingTheFile() throws Exception {
    Path directory = savedEnsemble(3);
    Path member = directory.resolve("member-1.parameters");
    byte[] bytes = Files.readAllBytes(member);
    bytes[bytes.length / 2] ^= 0x04;
    Files.write(member, bytes);

    assertThatThrownBy(() -> EnsemblePredictor.load(directory, name -> mlp(3), Device.cpu()))
        .isInstanceOf(DamagedFileException.class)
        .hasMessageContaining("file " + member + " is damaged");
  }

  @Test
  void load_refusesAMemberWithoutItsDigest() throws Exception {
    Path directory = savedEnsemble(3);
    Files.delete(FileDigest.sidecar(directory.resolve("member-0.parameters")));

    assertThatThrownBy(() -> EnsemblePredictor.load(directory, name -> mlp(3), Device.cpu()))
        .isInstanceOf(DamagedFileException.class)
        .hasMessageContaining("ensemble member BAN-1: missing digest");
  }
}
