package dev.bornagain.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class MemoryTest {

  /** One line of the probe: global epoch, generation, epoch, resident kB, live arrays. */
  private record Probe(int index, int generation, int epoch, long residentKb, int liveArrays) {}

  @Test
  void nativeMemoryAndLiveArraysStayFlatAcrossEpochsAndGenerations() throws Exception {
    assumeTrue(Files.exists(Path.of("/proc/self/status")), "needs Linux /proc");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // A fixed, pre-touched heap, C1 only and few malloc arenas: the JVM's own memory stays put, so
    // what moves is the native memory of tensors.
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xms256m",
                "-Xmx256m",
                "-XX:+AlwaysPreTouch",
                "-XX:TieredStopAtLevel=1",
                "-XX:ReservedCodeCacheSize=64m",
                "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                MemoryProbe.class.getName())
            .redirectErrorStream(true);
    builder.environment().put("MALLOC_ARENA_MAX", "2");
    builder.environment().put("OMP_NUM_THREADS", "1");
    Process process = builder.start();
    List<Probe> probes = new ArrayList<>();
    StringBuilder log = new StringBuilder();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        log.append(line).append('\n');
        if (line.startsWith("probe ")) {
          String[] f = line.split(" ");
          probes.add(
              new Probe(
                  Integer.parseInt(f[1]),
                  Integer.parseInt(f[2]),
                  Integer.parseInt(f[3]),
                  Long.parseLong(f[4]),
                  Integer.parseInt(f[5])));
        }
      }
    }
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(log.toString()).isZero();
    assertThat(probes).as(log.toString()).hasSize(20);

    Probe second = probes.get(1);
    Probe tenth = probes.get(9);
    Probe last = probes.get(19);
    assertThat((double) tenth.residentKb())
        .as("resident memory after epoch 10 vs epoch 2\n%s", log)
        .isBetween(second.residentKb() * 0.95, second.residentKb() * 1.05);
    // Within each generation the number of live arrays does not move at all.
    assertThat(tenth.liveArrays()).as(log.toString()).isEqualTo(second.liveArrays());
    assertThat(last.liveArrays()).as(log.toString()).isEqualTo(probes.get(11).liveArrays());
    // The student's generation (teacher alive) holds a bounded, constant number more.
    assertThat((double) last.residentKb())
        .as("resident memory at the end vs epoch 2\n%s", log)
        .isLessThan(second.residentKb() * 1.05);
  }
}
