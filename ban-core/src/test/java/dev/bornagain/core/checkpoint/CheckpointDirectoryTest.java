package dev.bornagain.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hashing;
import dev.bornagain.core.listen.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CheckpointDirectoryTest {

  @TempDir Path temp;

  private static final Fingerprint FINGERPRINT = Fingerprint.of(Map.of("seed", 1, "epochs", 3));

  private final List<CheckpointDirectory> opened = new ArrayList<>();

  /** Opens the directory as a new run would: the run before it has ended (its lock released). */
  private CheckpointDirectory open(Path root, Fingerprint fingerprint) throws IOException {
    closeAll();
    CheckpointDirectory directory = CheckpointDirectory.open(root, fingerprint);
    opened.add(directory);
    return directory;
  }

  @AfterEach
  void closeAll() throws IOException {
    for (CheckpointDirectory directory : opened) {
      directory.close();
    }
    opened.clear();
  }

  private static EpochMetrics metrics(int epoch) {
    // No validation set: NaN must survive the JSON round trip.
    return new EpochMetrics(1, epoch, 0.5 + epoch, Double.NaN, Double.NaN, 0.1f, 1.0);
  }

  /** Generation 1's epochs 1 and 2 saved, with schedule states s0, s1 and payloads 10/20, 11/21. */
  private CheckpointDirectory withTwoEpochsOfGeneration1() throws Exception {
    CheckpointDirectory dir = open(temp, FINGERPRINT);
    dir.saveEpoch(1, List.of(metrics(0)), "s0", out -> out.writeInt(10), out -> out.writeInt(20));
    dir.saveEpoch(
        1, List.of(metrics(0), metrics(1)), "s1", out -> out.writeInt(11), out -> out.writeInt(21));
    return dir;
  }

  @Test
  void saveEpoch_thenLoad_pointsToTheLatestCompleteEpoch() throws Exception {
    CheckpointDirectory dir = withTwoEpochsOfGeneration1();

    GenerationCheckpoint saved = open(temp, FINGERPRINT).load(1).orElseThrow();
    assertThat(saved.completedEpochs()).isEqualTo(2);
    assertThat(saved.finished()).isFalse();
    assertThat(saved.scheduleState()).isEqualTo("s1");
    assertThat(saved.metrics()).containsExactly(metrics(0), metrics(1));
    assertThat(saved.metrics().get(1).validationLoss()).isNaN();
    assertThat(Files.readAllBytes(saved.parameters())).containsExactly(0, 0, 0, 11);
    assertThat(Files.readAllBytes(saved.optimizerState())).containsExactly(0, 0, 0, 21);
    // The two newest epoch directories are kept, every file with its digest.
    dir.saveEpoch(
        1,
        List.of(metrics(0), metrics(1), metrics(2)),
        "s2",
        out -> out.writeInt(12),
        out -> out.writeInt(22));
    try (Stream<Path> entries = Files.list(temp.resolve("generation-1"))) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "epoch-0002", "epoch-0003", "progress.json", "progress.json.sha256");
    }
    try (Stream<Path> entries = Files.list(temp.resolve("generation-1/epoch-0003"))) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "parameters",
              "parameters.sha256",
              "optimizer",
              "optimizer.sha256",
              "progress.json",
              "progress.json.sha256");
    }
    assertThat(dir.load(2)).isEmpty();
  }

  @Test
  void saveFinished_replacesEpochDirectories() throws Exception {
    CheckpointDirectory dir = open(temp, FINGERPRINT);
    dir.saveEpoch(1, List.of(metrics(0)), "", out -> out.writeInt(1), out -> out.writeInt(2));
    Path file = dir.saveFinished(1, List.of(metrics(0), metrics(1)), out -> out.writeInt(3));
    GenerationCheckpoint saved = dir.load(1).orElseThrow();
    assertThat(saved.finished()).isTrue();
    assertThat(saved.parameters()).isEqualTo(file);
    assertThat(saved.optimizerState()).isNull();
    assertThat(temp.resolve("generation-1/epoch-0001")).doesNotExist();
  }

  @Test
  void open_refusesDifferentFingerprintNamingEachField() throws Exception {
    open(temp, FINGERPRINT);
    Fingerprint other = Fingerprint.of(Map.of("seed", 2, "epochs", 3, "loss", "BAN"));
    assertThatThrownBy(() -> open(temp, other))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(temp.toString())
        .hasMessageContaining("seed: checkpoint has 1, this run has 2")
        .hasMessageContaining("loss: checkpoint has (absent), this run has BAN")
        .hasMessageNotContaining("epochs:");
  }

  @Test
  void atomicWrite_leavesOldContentWhenTheWriterFails() throws Exception {
    Path file = temp.resolve("f");
    AtomicFiles.writeString(file, "old");
    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    file,
                    out -> {
                      out.writeBytes("half");
                      throw new java.io.IOException("No space left on device");
                    }))
        // The JDK's message names neither the file nor the operation; ours names both.
        .hasMessage("cannot write " + file + ": No space left on device");
    assertThat(Files.readString(file)).isEqualTo("old");
    try (Stream<Path> entries = Files.list(temp)) {
      assertThat(entries).containsExactly(file);
    }
  }

  @Test
  void open_removesTemporaryFilesLeftByAKilledWriter() throws Exception {
    CheckpointDirectory dir = open(temp, FINGERPRINT);
    dir.saveEpoch(1, List.of(metrics(0)), "s0", out -> out.writeInt(10), out -> out.writeInt(20));
    Path halfEpoch = Files.createDirectories(temp.resolve("generation-1/.tmp-epoch-0002"));
    Files.writeString(halfEpoch.resolve("parameters"), "half");
    Path halfProgress = temp.resolve("generation-1/.tmp-progress.json123");
    Path halfManifest = temp.resolve(".tmp-manifest.json456");
    Files.writeString(halfProgress, "{");
    Files.writeString(halfManifest, "{");

    open(temp, FINGERPRINT);

    assertThat(halfEpoch).doesNotExist();
    assertThat(halfProgress).doesNotExist();
    assertThat(halfManifest).doesNotExist();
    assertThat(temp.resolve("generation-1/epoch-0001/parameters")).exists();
  }

  @Test
  void load_skipsADamagedNewestEpochForThePreviousOne() throws Exception {
    CheckpointDirectory dir = withTwoEpochsOfGeneration1();
    Files.write(temp.resolve("generation-1/epoch-0002/optimizer"), new byte[] {0, 0, 0, 99});

    GenerationCheckpoint saved = dir.load(1).orElseThrow();

    assertThat(saved.completedEpochs()).isEqualTo(1);
    assertThat(saved.scheduleState()).isEqualTo("s0");
    assertThat(saved.metrics()).containsExactly(metrics(0));
    assertThat(Files.readAllBytes(saved.parameters())).containsExactly(0, 0, 0, 10);
  }

  @Test
  void load_refusesWhenNoEpochIsIntact_namingEveryDamagedFile() throws Exception {
    CheckpointDirectory dir = open(temp, FINGERPRINT);
    dir.saveEpoch(1, List.of(metrics(0)), "s0", out -> out.writeInt(10), out -> out.writeInt(20));
    Path parameters = temp.resolve("generation-1/epoch-0001/parameters");
    Files.write(parameters, new byte[] {0, 0, 0, 99});

    assertThatThrownBy(() -> dir.load(1))
        .isInstanceOf(DamagedFileException.class)
        .hasMessageContaining("no intact epoch checkpoint for generation 1")
        .hasMessageContaining("file " + parameters + " is damaged");
  }

  @Test
  void load_reportsDamagedFinalParameters_namingTheFile() throws Exception {
    CheckpointDirectory dir = open(temp, FINGERPRINT);
    Path file = dir.saveFinished(1, List.of(metrics(0)), out -> out.writeInt(3));
    Files.write(file, new byte[] {0, 0, 0, 4});

    assertThatThrownBy(() -> dir.load(1))
        .isInstanceOf(DamagedFileException.class)
        .hasMessageContaining("file " + file + " is damaged")
        .satisfies(e -> assertThat(((DamagedFileException) e).file()).isEqualTo(file));
  }

  @Test
  void open_refusesADirectoryOfTheFormerFormat() throws Exception {
    Files.writeString(temp.resolve("manifest.json"), "{\"format\": 1, \"fingerprint\": {}}");

    assertThatThrownBy(() -> open(temp, FINGERPRINT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("earlier version of ban (format 1");
  }

  @Test
  void open_reportsADamagedManifest() throws Exception {
    open(temp, FINGERPRINT);
    Path manifest = temp.resolve("manifest.json");
    Files.writeString(manifest, Files.readString(manifest).replace("\"1\"", "\"2\""));

    assertThatThrownBy(() -> open(temp, FINGERPRINT))
        .isInstanceOf(DamagedFileException.class)
        .hasMessageContaining("file " + manifest + " is damaged");
  }

  @Test
  void digest_isWrittenInSha256sumFormat_andChecked() throws Exception {
    Path file = temp.resolve("data.bin");
    AtomicFiles.writeWithDigest(file, out -> out.writeInt(7));

    assertThat(Files.readString(FileDigest.sidecar(file)))
        .isEqualTo(Hashing.sha256().hashBytes(new byte[] {0, 0, 0, 7}) + "  data.bin\n");
    FileDigest.verify(file);
    Files.write(file, new byte[] {0, 0, 0, 8});
    assertThatThrownBy(() -> FileDigest.verify(file))
        .isInstanceOf(DamagedFileException.class)
        .hasMessageContaining("file " + file + " is damaged: its SHA-256 is ");
    Files.delete(FileDigest.sidecar(file));
    assertThatThrownBy(() -> FileDigest.verify(file))
        .isInstanceOf(DamagedFileException.class)
        .hasMessageContaining("has no recorded digest");
    FileDigest.verifyIfRecorded(file);
  }
}
