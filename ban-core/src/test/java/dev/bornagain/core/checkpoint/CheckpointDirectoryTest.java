package dev.bornagain.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bornagain.core.listen.EpochMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CheckpointDirectoryTest {

  @TempDir Path temp;

  private static final Fingerprint FINGERPRINT = Fingerprint.of(Map.of("seed", 1, "epochs", 3));

  private static EpochMetrics metrics(int epoch) {
    // No validation set: NaN must survive the JSON round trip.
    return new EpochMetrics(1, epoch, 0.5 + epoch, Double.NaN, Double.NaN, 0.1f, 1.0);
  }

  @Test
  void saveEpoch_thenLoad_pointsToTheLatestCompleteEpoch() throws Exception {
    CheckpointDirectory dir = CheckpointDirectory.open(temp, FINGERPRINT);
    dir.saveEpoch(1, List.of(metrics(0)), "s0", out -> out.writeInt(10), out -> out.writeInt(20));
    dir.saveEpoch(
        1, List.of(metrics(0), metrics(1)), "s1", out -> out.writeInt(11), out -> out.writeInt(21));

    GenerationCheckpoint saved = CheckpointDirectory.open(temp, FINGERPRINT).load(1).orElseThrow();
    assertThat(saved.completedEpochs()).isEqualTo(2);
    assertThat(saved.finished()).isFalse();
    assertThat(saved.scheduleState()).isEqualTo("s1");
    assertThat(saved.metrics()).containsExactly(metrics(0), metrics(1));
    assertThat(saved.metrics().get(1).validationLoss()).isNaN();
    assertThat(Files.readAllBytes(saved.parameters())).containsExactly(0, 0, 0, 11);
    assertThat(Files.readAllBytes(saved.optimizerState())).containsExactly(0, 0, 0, 21);
    // Only the latest epoch directory is kept.
    try (Stream<Path> entries = Files.list(temp.resolve("generation-1"))) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("epoch-0002", "progress.json");
    }
    assertThat(dir.load(2)).isEmpty();
  }

  @Test
  void saveFinished_replacesEpochDirectories() throws Exception {
    CheckpointDirectory dir = CheckpointDirectory.open(temp, FINGERPRINT);
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
    CheckpointDirectory.open(temp, FINGERPRINT);
    Fingerprint other = Fingerprint.of(Map.of("seed", 2, "epochs", 3, "loss", "BAN"));
    assertThatThrownBy(() -> CheckpointDirectory.open(temp, other))
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
                      throw new java.io.IOException("disk full");
                    }))
        .hasMessage("disk full");
    assertThat(Files.readString(file)).isEqualTo("old");
    try (Stream<Path> entries = Files.list(temp)) {
      assertThat(entries).containsExactly(file);
    }
  }
}
