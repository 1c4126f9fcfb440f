package dev.bornagain.examples.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project's real test data, {@code shared/data} beside the project root (on developer
 * machines and CI it is {@code ../shared/data} from the root), by walking up from the working
 * directory. Tests that need it skip, saying where they looked, when it is absent.
 */
public final class SharedData {

  private SharedData() {}

  /**
   * Returns {@code shared/data/<folder>}, or skips the calling test when it is absent.
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
    assumeTrue(
        false,
        "skipped: the real data folder shared/data/"
            + folder
            + " was not found in "
            + start
            + " or any parent directory (it lives at ../shared/data from the project root)");
    throw new AssertionError("unreachable");
  }

  /**
   * Returns a file of {@code shared/data}, or skips the calling test when it is absent.
   *
   * @param folder a folder of shared/data
   * @param file a file in it
   * @return its path
   */
  public static Path file(String folder, String file) {
    Path path = folder(folder).resolve(file);
    assumeTrue(Files.isRegularFile(path), "skipped: " + path + " is missing");
    return path;
  }
}
