package dev.bornagain.datasets.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Writes small files in the CIFAR binary layouts for tests. */
final class CifarRecords {

  private CifarRecords() {}

  /** Returns 3,072 pseudo-random pixel bytes. */
  static byte[] pixels(long seed) {
    byte[] pixels = new byte[CifarLayout.PIXEL_BYTES];
    new Random(seed).nextBytes(pixels);
    return pixels;
  }

  /** Writes CIFAR-10 records with the given labels; record i has pixels(i). */
  static Path writeCifar10(Path file, int... labels) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < labels.length; i++) {
      out.write(labels[i]);
      out.write(pixels(i));
    }
    return Files.write(file, out.toByteArray());
  }

  /** Writes CIFAR-100 records with the given (coarse, fine) labels; record i has pixels(i). */
  static Path writeCifar100(Path file, int[] coarse, int[] fine) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < coarse.length; i++) {
      out.write(coarse[i]);
      out.write(fine[i]);
      out.write(pixels(i));
    }
    return Files.write(file, out.toByteArray());
  }
}
