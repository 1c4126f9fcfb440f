package dev.bornagain.datasets;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project's real test data, {@code shared/data} beside the project root (on developer
 * machines and CI it is {@code ../shared/data} from the root), by walking up from the working
 * directory. When it is absent, tests that need it skip, saying where they looked, on a developer
 * machine; under CI (the environment variable {@code CI=true}, which {@code .ci/run} sets) they
 * fail instead, so a CI machine without the data cannot go green having skipped the pipelines, the
 * readers and the fuzz cases.
 */
public final class SharedData {

  private SharedData() {}

  /**
   * Returns {@code shared/data/<folder>}; when it is absent, skips the calling test (fails it under
   * CI).
   *
   * @param folder a folder of shared/data, such as {@code ptb}
   * @return its path
   */
  public static Path folder(String folder) {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data").resolve(folder);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw missing(
        "the real data folder shared/data/"
            + folder
            + " was not found in "
            + start
            + " or any parent directory (it lives at ../shared/data from the project root)",
        underCi());
  }

  /**
   * Returns a file of {@code shared/data}; when it is absent, skips the calling test (fails it
   * under CI).
   *
   * @param folder a folder of shared/data
   * @param file a file in it
   * @return its path
   */
  public static Path file(String folder, String file) {
    Path path = folder(folder).resolve(file);
    if (!Files.isRegularFile(path)) {
      throw missing(path + " is missing", underCi());
    }
    return path;
  }

  static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Fails (under CI) or skips the calling test; returns only to let callers write {@code throw}.
   */
  static AssertionError missing(String what, boolean ci) {
    if (ci) {
      throw new AssertionError(
          "CI=true and " + what + ": CI must not skip the tests that need the real data");
    }
    assumeTrue(false, "skipped: " + what);
    return new AssertionError("unreachable");
  }
}
