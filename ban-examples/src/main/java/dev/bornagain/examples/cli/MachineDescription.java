package dev.bornagain.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The processor a run's digits came from, for the console: the same jar gives other digits and
 * times on another CPU (oneDNN and ATen pick other kernels for AVX-512 than for AVX2, which round
 * differently), so every timing and table printed says where it was made.
 *
 * @param model the processor's model name, e.g. "AMD EPYC"
 * @param cores the processors the JVM sees
 * @param avx512 whether the processor has AVX-512 (Linux only), empty where unknown
 */
record MachineDescription(String model, int cores, Optional<Boolean> avx512) {

  private static final Path CPU_INFO = Path.of("/proc/cpuinfo");

  /** Describes this machine; on a system without {@code /proc/cpuinfo}, what Java knows. */
  static MachineDescription current() {
    int cores = Runtime.getRuntime().availableProcessors();
    String fallback = System.getProperty("os.arch", "unknown processor");
    try {
      List<String> lines = Files.readAllLines(CPU_INFO, StandardCharsets.UTF_8);
      return parse(lines, cores, fallback);
    } catch (IOException | RuntimeException e) {
      return new MachineDescription(fallback, cores, Optional.empty());
    }
  }

  /** Reads the first processor's model name and flags from the lines of a cpuinfo file. */
  static MachineDescription parse(List<String> cpuInfo, int cores, String fallback) {
    String model = field(cpuInfo, "model name").orElse(fallback);
    Optional<Boolean> avx512 =
        field(cpuInfo, "flags").map(flags -> List.of(flags.split("\\s+")).contains("avx512f"));
    return new MachineDescription(model, cores, avx512);
  }

  private static Optional<String> field(List<String> lines, String name) {
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
        return Optional.of(line.substring(colon + 1).trim());
      }
    }
    return Optional.empty();
  }

  /** E.g. "AMD EPYC, 2 cores, AVX-512: no". */
  String describe() {
    return String.format(
        Locale.ROOT,
        "%s, %d core%s, AVX-512: %s",
        model,
        cores,
        cores == 1 ? "" : "s",
        avx512.map(yes -> yes ? "yes" : "no").orElse("unknown"));
  }
}
