package dev.bornagain.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.bornagain.core.checkpoint.RunLock;
import dev.bornagain.core.listen.EpochMetrics;
import dev.bornagain.core.listen.GenerationPlan;
import dev.bornagain.datasets.image.IdxFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command line says when a run stops, is refused, or cannot write. */
final class RunMessagesTest {

  @TempDir Path temp;

  @Test
  void stopNotice_saysWhereTheRunStoppedAndHowToResume() {
    StopNotice notice = new StopNotice(System.err);
    assertThat(notice.message()).startsWith("Stopped before any generation started training");
    notice.onGenerationStart(new GenerationPlan(0, "teacher", 1, 5, 0));
    notice.onGenerationEnd(new GenerationPlan(0, "teacher", 1, 5, 0), ImmutableList.of());
    notice.onGenerationStart(new GenerationPlan(2, "BAN-2", 3, 5, 0));
    notice.onEpochEnd(new EpochMetrics(2, 0, 1.0, 1.0, 50.0, 0.1f, 1.0));
    notice.onEpochEnd(new EpochMetrics(2, 1, 1.0, 1.0, 50.0, 0.1f, 1.0));
    assertThat(notice.message())
        .isEqualTo(
            "Stopped during BAN-2 epoch 3; run the same command with --resume to continue from"
                + " epoch 3");
  }

  @Test
  void demo_onAnOutputDirectoryInUse_isRefusedNamingTheHolder_hereAndInAnotherProcess()
      throws Exception {
    Path output = temp.resolve("run");
    String[] demo =
        CommandRun.with(
            CommandRun.DEMO_64,
            "--seeds",
            "1",
            "--output",
            output.toString(),
            "--resume",
            "--quiet");
    try (RunLock held = RunLock.acquire(output, "output directory")) {
      CommandRun run = CommandRun.of(demo);
      assertThat(run.exitCode()).isEqualTo(CommandFailures.FAILED);
      assertThat(run.errorLines())
          .singleElement()
          .asString()
          .startsWith("ban demo: the output directory " + output + " is in use by another run")
          .contains("process " + ProcessHandle.current().pid() + " on host ")
          .contains("lock file " + held.file());
      // The refusal in this JVM left the lock in force: another process is refused too.
      Path log = temp.resolve("child.log");
      Process child = LogFileTest.startBan(log, demo);
      assertThat(child.waitFor()).as(() -> readString(log)).isEqualTo(CommandFailures.FAILED);
      assertThat(readString(log))
          .contains("is in use by another run (process " + ProcessHandle.current().pid());
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void demo_unwritableOutput_namesThePathAndTheOperation() {
    CommandRun run =
        CommandRun.of(
            "demo",
            "--train-subset",
            "64",
            "--epochs",
            "1",
            "--warmup-epochs",
            "0",
            "--output",
            "/proc/ban-x",
            "--quiet");
    assertThat(run.exitCode()).isEqualTo(CommandFailures.FAILED);
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .startsWith("ban demo: cannot create the output directory /proc/ban-x: ");
  }

  @Test
  void fashionMnist_testFileOfAnotherGeometry_isRefusedBeforeTraining() throws IOException {
    Path data = Files.createDirectory(temp.resolve("data"));
    writeIdx(data, "train", 300, 28, 28);
    // The same number of bytes per image as 28 x 28, in another geometry.
    writeIdx(data, "t10k", 40, 14, 56);
    Path output = temp.resolve("out");
    CommandRun run =
        CommandRun.of(
            "fashion-mnist",
            "--validation-size",
            "100",
            "--data-dir",
            data.toString(),
            "--offline",
            "--generations",
            "1",
            "--epochs",
            "1",
            "--warmup-epochs",
            "0",
            "--batch-size",
            "32",
            "--output",
            output.toString(),
            "--quiet");
    assertThat(run.exitCode()).isEqualTo(CommandFailures.FAILED);
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .isEqualTo(
            "ban fashion-mnist: the test set, batch 0, has input of shape [(32, 1, 14, 56)] but"
                + " the training set's is [(32, 1, 28, 28)] (the first dimension is the batch):"
                + " every set must have the training set's input shape");
    assertThat(output.resolve("checkpoints")).doesNotExist();
  }

  @Test
  void lineTracker_knowsWhetherStandardErrorEndedALine() {
    PrintStream original = System.err;
    try {
      System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      LineTracker.install();
      System.err.print("Epoch 3 [=====     ");
      assertThat(LineTracker.atLineStart()).isFalse();
      System.err.println();
      assertThat(LineTracker.atLineStart()).isTrue();
    } finally {
      System.setErr(original);
    }
  }

  private static void writeIdx(Path dir, String prefix, int count, int rows, int columns)
      throws IOException {
    Random random = new Random(count);
    ByteBuffer images = ByteBuffer.allocate(16 + count * rows * columns);
    images.putInt(IdxFiles.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(columns);
    byte[] pixels = new byte[count * rows * columns];
    random.nextBytes(pixels);
    images.put(pixels);
    ByteBuffer labels = ByteBuffer.allocate(8 + count);
    labels.putInt(IdxFiles.LABELS_MAGIC).putInt(count);
    for (int i = 0; i < count; i++) {
      labels.put((byte) random.nextInt(10));
    }
    Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images.array());
    Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
  }
}
