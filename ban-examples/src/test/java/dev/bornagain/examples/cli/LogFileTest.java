package dev.bornagain.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run writes when standard error is a file, as under nohup, cron or a CI job. */
final class LogFileTest {

  @TempDir Path temp;

  @Test
  void standardErrorInAFile_getsOnePlainLinePerEpochPerGeneration() throws Exception {
    Path log = temp.resolve("stderr.log");
    Process process = startDemo(log, 3, 2, temp.resolve("run"));
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String text = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(text).isZero();

    assertThat(text).doesNotContain("\u001b").doesNotContain("\r");
    List<String> epochLines = text.lines().filter(l -> l.matches(".* epoch \\d+/3: .*")).toList();
    assertThat(epochLines).hasSize(3 * 3); // teacher, BAN-1, BAN-2
    assertThat(epochLines.get(0))
        .matches(
            "INFO teacher epoch 1/3: training loss \\d+\\.\\d{4}, validation loss \\d+\\.\\d{4},"
                + " validation error \\d+\\.\\d{2}%, lr [0-9.e-]+, \\d+\\.\\d s");
    assertThat(epochLines).doesNotHaveDuplicates();
    // No line printed twice: every line of the log is distinct.
    assertThat(text.lines().filter(l -> !l.isBlank()).toList()).doesNotHaveDuplicates();
  }

  @Test
  void sigterm_saysWhereTheRunStoppedAndHowToResume() throws Exception {
    Path log = temp.resolve("stopped.log");
    Process process = startDemo(log, 200, 1, temp.resolve("stopped"));
    // Wait until the teacher has checkpointed two epochs, then ask the JVM to end (SIGTERM).
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!Files.readString(log, StandardCharsets.UTF_8).contains("teacher epoch 2/200")) {
      assertThat(System.nanoTime()).as("the run reached epoch 2").isLessThan(deadline);
      assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
      Thread.sleep(100);
    }
    process.destroy();
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(Files.readString(log, StandardCharsets.UTF_8))
        .containsPattern("Stopped during teacher epoch \\d+; run the same command with --resume");
  }

  /** Starts a demo of one seed on 64 training and 64 evaluation images in a child JVM. */
  private static Process startDemo(Path log, int epochs, int generations, Path output)
      throws IOException {
    return startBan(
        log,
        "demo",
        "--train-subset",
        "64",
        "--eval-subset",
        "64",
        "--epochs",
        Integer.toString(epochs),
        "--generations",
        Integer.toString(generations),
        "--seeds",
        "1",
        "--output",
        output.toString());
  }

  /** Starts {@code ban} in a child JVM, standard error and output into {@code log}. */
  static Process startBan(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(BanCommand.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }
}
