package dev.bornagain.datasets.image;

import dev.bornagain.datasets.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Small files in the CIFAR binary layouts for tests: written ones, and the shared subsets. */
final class CifarRecords {

  /** The first 4,000 records of CIFAR-10's first training file, in ../shared/data. */
  static final String SHARED_TRAINING = "data_batch_1_first4000.bin";

  /** The first 1,000 records of CIFAR-10's test file, in ../shared/data. */
  static final String SHARED_TEST = "test_batch_first1000.bin";

  private CifarRecords() {}

  /** Returns a shared CIFAR-10 subset file ({@link SharedData#file} skips or fails without it). */
  static Path sharedFile(String name) {
    return SharedData.file("cifar-10", name);
  }

  /** Reads a shared CIFAR-10 subset file whole. */
  static ImageSet readShared(String name) throws IOException {
    return CifarFiles.read(CifarLayout.CIFAR_10, List.of(sharedFile(name)), 0);
  }

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
