package dev.bornagain.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RunLockTest {

  @TempDir Path temp;

  private static final Fingerprint FINGERPRINT = Fingerprint.of(Map.of("seed", 1));

  @Test
  void acquire_secondRunOnTheSameDirectory_isRefusedNamingTheHolder() throws IOException {
    try (RunLock first = RunLock.acquire(temp, "checkpoint directory")) {
      assertThat(Files.readString(first.file()))
          .startsWith("process " + ProcessHandle.current().pid() + " on host ");
      assertThatThrownBy(() -> RunLock.acquire(temp, "checkpoint directory"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith(
              "the checkpoint directory "
                  + temp
                  + " is in use by another run (process "
                  + ProcessHandle.current().pid()
                  + " on host ")
          .hasMessageContaining("; lock file " + temp.resolve(RunLock.FILE_NAME));
    }
    // Released: the next run takes it.
    RunLock.acquire(temp, "checkpoint directory").close();
  }

  @Test
  void acquire_refusedInThisJvm_stillKeepsAnotherProcessOut() throws Exception {
    try (RunLock first = RunLock.acquire(temp, "checkpoint directory")) {
      assertThatThrownBy(() -> RunLock.acquire(temp, "checkpoint directory"))
          .isInstanceOf(IllegalStateException.class);
      // The refusal must not have dropped the first run's OS lock (closing any descriptor of a
      // file drops all of a process's fcntl locks on it): another process is still kept out.
      assertThat(tryLockInAnotherJvm(first.file()))
          .as("another JVM's tryLock on %s while this JVM holds it", first.file())
          .isEqualTo("refused");
      assertThat(Files.readString(first.file()))
          .startsWith("process " + ProcessHandle.current().pid() + " on host ");
    }
    // Released: the next run takes it, and so does another process.
    assertThat(tryLockInAnotherJvm(temp.resolve(RunLock.FILE_NAME))).isEqualTo("locked");
  }

  @Test
  void acquire_sameDirectoryByAnotherPath_isRefusedInThisJvm() throws Exception {
    Path real = Files.createDirectory(temp.resolve("real"));
    Path link = Files.createSymbolicLink(temp.resolve("link"), real);
    try (RunLock first = RunLock.acquire(real, "output directory")) {
      assertThatThrownBy(() -> RunLock.acquire(link, "output directory"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(
              "is in use by another run (process " + ProcessHandle.current().pid());
      assertThatThrownBy(() -> RunLock.acquire(real.resolve("../real"), "output directory"))
          .isInstanceOf(IllegalStateException.class);
      assertThat(tryLockInAnotherJvm(first.file())).isEqualTo("refused");
    }
  }

  @Test
  void open_whileAnotherProcessHoldsTheDirectory_isRefusedBeforeReadingAnything() throws Exception {
    CheckpointDirectory.open(temp, FINGERPRINT).close();
    // A second process holds the OS lock on run.lock, as a live first run would.
    Path lockFile = temp.resolve(RunLock.FILE_NAME);
    Files.writeString(lockFile, "process 1234 on host elsewhere, started then");
    Process holder = holdLockInAnotherJvm(lockFile);
    try {
      // A damaged manifest would fail if it were read: the lock refuses first.
      Files.writeString(temp.resolve("manifest.json"), "{not json");
      assertThatThrownBy(() -> CheckpointDirectory.open(temp, FINGERPRINT))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is in use by another run (process 1234 on host elsewhere");
    } finally {
      holder.destroy();
      holder.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void acquire_lockLeftByAKilledProcess_isTakenOver() throws IOException {
    Path lockFile = temp.resolve(RunLock.FILE_NAME);
    // What a killed run leaves: the content, and no process holding the OS lock.
    Files.writeString(lockFile, "process 999999 on host gone, started 2020-01-01T00:00:00Z");
    try (RunLock lock = RunLock.acquire(temp, "output directory")) {
      assertThat(Files.readString(lock.file(), StandardCharsets.UTF_8))
          .startsWith("process " + ProcessHandle.current().pid());
    }
    assertThat(Files.readString(lockFile)).isEmpty();
  }

  @Test
  void acquire_unwritableOutput_namesThePathAndTheOperation() {
    Path output = Path.of("/proc/ban-run-lock-test");
    assertThatThrownBy(() -> RunLock.acquire(output, "output directory"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot create the output directory " + output + ": ");
  }

  /**
   * Runs a JVM that tries once to take the OS lock on the file and returns "locked" or "refused".
   */
  private String tryLockInAnotherJvm(Path lockFile) throws Exception {
    Process process = lockingJvm(lockFile, "try");
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("the trying JVM's exit code").isZero();
    return output.strip();
  }

  /**
   * Starts a JVM that takes the OS lock on the file as a live run would (Java's locks are fcntl
   * locks on Linux, which flock(1) does not see) and returns once it holds it.
   */
  private Process holdLockInAnotherJvm(Path lockFile) throws IOException {
    Process process = lockingJvm(lockFile, "hold");
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      if (!"locked".equals(line)) {
        process.destroyForcibly();
        throw new AssertionError("the lock-holding JVM did not take " + lockFile + ": " + line);
      }
    }
    return process;
  }

  /**
   * Starts a JVM that tries to lock the file and prints "locked" or "refused"; with mode "hold" it
   * then keeps a lock it took for a minute.
   */
  private Process lockingJvm(Path lockFile, String mode) throws IOException {
    Path source =
        Files.writeString(
            temp.resolve("LockProbe.java"),
            "import java.nio.channels.FileChannel;\n"
                + "import java.nio.file.*;\n"
                + "public class LockProbe {\n"
                + "  public static void main(String[] args) throws Exception {\n"
                + "    FileChannel c = FileChannel.open(Path.of(args[0]),"
                + " StandardOpenOption.WRITE);\n"
                + "    boolean locked = c.tryLock() != null;\n"
                + "    System.out.println(locked ? \"locked\" : \"refused\");\n"
                + "    if (locked && args[1].equals(\"hold\")) Thread.sleep(60_000);\n"
                + "  }\n"
                + "}\n");
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(java, source.toString(), lockFile.toString(), mode)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }
}
