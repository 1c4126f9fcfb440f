package dev.bornagain.benchmarks.step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads this process's resident set size from {@code /proc/self/status} (Linux). */
final class ResidentMemory {

  private static final Path STATUS = Path.of("/proc/self/status");

  private ResidentMemory() {}

  /**
   * Returns the resident set size in KiB, the {@code VmRSS} line of {@code /proc/self/status}.
   *
   * @return the resident memory in KiB
   * @throws IOException if the file cannot be read (not Linux) or has no VmRSS line
   */
  static long kibibytes() throws IOException {
    return parseVmRss(Files.readAllLines(STATUS));
  }

  /**
   * Finds the {@code VmRSS: 12345 kB} line.
   *
   * @param statusLines the lines of a {@code /proc/<pid>/status} file
   * @return the value in KiB
   * @throws IOException if there is no such line, or it is not in kB
   */
  static long parseVmRss(List<String> statusLines) throws IOException {
    for (String line : statusLines) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
        if (parts.length == 2 && parts[1].equals("kB")) {
          try {
            return Long.parseLong(parts[0]);
          } catch (NumberFormatException e) {
            throw new IOException("unreadable VmRSS line in " + STATUS + ": '" + line + "'", e);
          }
        }
        throw new IOException("unexpected VmRSS line in " + STATUS + ": '" + line + "'");
      }
    }
    throw new IOException(STATUS + " has no VmRSS line: resident memory is read on Linux only");
  }
}
