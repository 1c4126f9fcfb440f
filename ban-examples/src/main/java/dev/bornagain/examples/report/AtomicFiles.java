package dev.bornagain.examples.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files so that a crash never leaves a half-written report behind. */
final class AtomicFiles {

  private AtomicFiles() {}

  /** Writes {@code bytes} to a temporary sibling of {@code target}, then moves it into place. */
  static void write(Path target, byte[] bytes) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    Path temporary = Files.createTempFile(directory, target.getFileName().toString(), ".tmp");
    try {
      Files.write(temporary, bytes);
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
