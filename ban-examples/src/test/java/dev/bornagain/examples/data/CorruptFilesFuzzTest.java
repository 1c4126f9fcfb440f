package dev.bornagain.examples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import dev.bornagain.core.BornAgain;
import dev.bornagain.core.BornAgainBuilder;
import dev.bornagain.examples.data.image.CifarFiles;
import dev.bornagain.examples.data.image.CifarLayout;
import dev.bornagain.examples.data.image.IdxFiles;
import dev.bornagain.examples.data.text.PennTreebankCorpus;
import dev.bornagain.losses.DistillationLosses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupts small copies of the real data files (Fashion-MNIST IDX, CIFAR-10 records, Penn Treebank
 * text) and a tiny run's checkpoint directory in many seeded random ways, and checks that every
 * case ends in a correct read or run, or in a clear error: an {@link IOException}, {@link
 * IllegalArgumentException} or {@link IllegalStateException} whose message names the file (or the
 * checkpoint directory). No other exception type, no hang, no {@link OutOfMemoryError}.
 */
final class CorruptFilesFuzzTest {

  private static final long SEED = 20_260_113L;
  private static final Duration CASE_TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path temp;

  /** One way to damage a file set; returns a description for the failure message. */
  private enum Damage {
    TRUNCATE,
    FLIP_BYTES,
    APPEND_GARBAGE,
    CHANGE_HEADER,
    SWAP_FILES,
    EMPTY_FILE,
    DIRECTORY_IN_PLACE,
    DELETE
  }

  @FunctionalInterface
  private interface Reader {
    void read(List<Path> files) throws Exception;
  }

  @Test
  void idx_corruptedCopiesOfFashionMnist_readOrFailNamingTheFile() throws Exception {
    Path source = SharedData.file("fashion-mnist", "t10k-images-idx3-ubyte.gz");
    Path labelSource = SharedData.file("fashion-mnist", "t10k-labels-idx1-ubyte.gz");
    byte[] images = prefix(gunzip(source), 16, 28 * 28, 120);
    byte[] labels = prefix(gunzip(labelSource), 8, 1, 120);
    Path original = Files.createDirectory(temp.resolve("idx"));
    Files.write(original.resolve("images.gz"), gzip(images));
    Files.write(original.resolve("labels"), labels);
    fuzz(
        original,
        List.of("images.gz", "labels"),
        70,
        files -> IdxFiles.read(files.get(0), files.get(1), 10),
        (file, random) -> {
          // A header dimension changed, inside the gzip stream for the images.
          boolean gz = file.getFileName().toString().endsWith(".gz");
          byte[] content = gz ? gunzip(file) : Files.readAllBytes(file);
          int field = gz ? 4 + 4 * random.nextInt(3) : 4;
          int[] values = {0, -1, 1, 14, 56, 121, 60_000, Integer.MAX_VALUE, 1 << 20};
          ByteBuffer.wrap(content).putInt(field, values[random.nextInt(values.length)]);
          Files.write(file, gz ? gzip(content) : content);
        });
  }

  @Test
  void cifar_corruptedCopiesOfCifar10Records_readOrFailNamingTheFile() throws Exception {
    Path source = SharedData.file("cifar-10", "test_batch_first1000.bin");
    Path original = Files.createDirectory(temp.resolve("cifar"));
    int record = CifarLayout.CIFAR_10.recordBytes();
    try (InputStream in = Files.newInputStream(source)) {
      Files.write(original.resolve("train.bin"), in.readNBytes(12 * record));
      Files.write(original.resolve("test.bin"), in.readNBytes(5 * record));
    }
    fuzz(
        original,
        List.of("train.bin", "test.bin"),
        40,
        files -> {
          CifarFiles.read(CifarLayout.CIFAR_10, List.of(files.get(0)), 0);
          CifarFiles.read(CifarLayout.CIFAR_10, List.of(files.get(1)), 5);
        },
        (file, random) -> {
          // The "header" of a record is its label byte.
          byte[] content = Files.readAllBytes(file);
          if (content.length > 0) {
            int r = random.nextInt(Math.max(1, content.length / record));
            content[Math.min(content.length - 1, r * record)] = (byte) (10 + random.nextInt(240));
          }
          Files.write(file, content);
        });
  }

  @Test
  void ptb_corruptedCopiesOfTheTexts_readOrFailNamingTheFile() throws Exception {
    List<String> train = Files.readAllLines(SharedData.file("ptb", "ptb.train.txt"));
    Path original = Files.createDirectory(temp.resolve("ptb"));
    Files.write(original.resolve("ptb.train.txt"), train.subList(0, 120));
    Files.write(original.resolve("ptb.valid.txt"), train.subList(5, 25));
    Files.write(original.resolve("ptb.test.txt"), train.subList(40, 60));
    fuzz(
        original,
        List.of("ptb.train.txt", "ptb.valid.txt", "ptb.test.txt"),
        40,
        files -> PennTreebankCorpus.fromFiles(files.get(0), files.get(1), files.get(2)),
        (file, random) -> {
          // Bytes that are not UTF-8 in the middle of a line.
          byte[] content = Files.readAllBytes(file);
          int at = content.length == 0 ? 0 : random.nextInt(content.length);
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          out.write(content, 0, at);
          out.write(new byte[] {(byte) 0xC3, (byte) (0x28 + random.nextInt(3))});
          out.write(content, at, content.length - at);
          Files.write(file, out.toByteArray());
        });
  }

  @Test
  void checkpoints_corruptedDirectoryOfATinyRun_resumesOrFailsNamingTheFile() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Random data = new Random(5);
      float[] x = new float[96 * 4];
      float[] y = new float[96];
      for (int i = 0; i < y.length; i++) {
        y[i] = data.nextInt(3);
        for (int j = 0; j < 4; j++) {
          x[i * 4 + j] = (float) data.nextGaussian() + y[i];
        }
      }
      ArrayDataset training =
          new ArrayDataset.Builder()
              .setData(manager.create(x, new Shape(96, 4)))
              .optLabels(manager.create(y, new Shape(96)))
              .setSampling(32, false)
              .build();
      Path original = temp.resolve("checkpoints");
      tinyRun(original).train(training, null);
      // An unfinished generation too: the last one's progress points to an epoch directory.
      List<String> names = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(original)) {
        walk.filter(Files::isRegularFile)
            .map(p -> original.relativize(p).toString())
            .sorted()
            .forEach(names::add);
      }
      fuzz(
          original,
          names,
          30,
          files -> tinyRun(files.get(0).getParent()).train(training, null),
          (file, random) -> {
            byte[] content = Files.readAllBytes(file);
            if (content.length > 0) {
              content[random.nextInt(content.length)] ^= (byte) 0x20;
            }
            Files.write(file, content);
          },
          true);
    }
  }

  private static BornAgainBuilder tinyRun(Path checkpoints) {
    return BornAgain.builder()
        .student(
            () ->
                new SequentialBlock()
                    .add(Linear.builder().setUnits(8).build())
                    .add(Activation::relu)
                    .add(Linear.builder().setUnits(3).build()))
        .generations(1)
        .loss(DistillationLosses.ban())
        .epochs(2)
        .seed(11)
        .quiet()
        .checkpointDirectory(checkpoints);
  }

  @FunctionalInterface
  private interface HeaderChange {
    void apply(Path file, Random random) throws IOException;
  }

  private void fuzz(
      Path original, List<String> names, int cases, Reader reader, HeaderChange header)
      throws Exception {
    fuzz(original, names, cases, reader, header, false);
  }

  /**
   * Runs {@code cases} corrupted copies of {@code original}; {@code names} are its files, relative
   * to it. For a checkpoint directory the reader gets the first file, to find the directory.
   */
  private void fuzz(
      Path original,
      List<String> names,
      int cases,
      Reader reader,
      HeaderChange header,
      boolean checkpointDirectory)
      throws Exception {
    Random random = new Random(SEED + original.getFileName().toString().hashCode());
    Damage[] damages = Damage.values();
    int clean = 0;
    for (int c = 0; c < cases; c++) {
      Path copy = temp.resolve(original.getFileName() + "-case-" + c);
      copyTree(original, copy);
      Damage damage = damages[c % damages.length];
      String target = names.get(random.nextInt(names.size()));
      String other = target;
      while (other.equals(target)) {
        other = names.get(random.nextInt(names.size()));
      }
      String description = damage + " " + target + (damage == Damage.SWAP_FILES ? "/" + other : "");
      damage(copy, target, other, damage, random, header);
      List<Path> files = names.stream().map(copy::resolve).toList();
      Path named = checkpointDirectory ? copy : null;
      Throwable thrown =
          assertTimeoutPreemptively(
              CASE_TIMEOUT,
              () -> {
                try {
                  reader.read(checkpointDirectory ? List.of(copy.resolve("x")) : files);
                  return null;
                } catch (Throwable t) {
                  return t;
                }
              },
              () -> "case " + description + " hung");
      if (thrown == null) {
        clean++;
        continue;
      }
      if (thrown instanceof UncheckedIOException) {
        fail("case " + description + " threw UncheckedIOException instead of IOException", thrown);
      }
      if (!(thrown instanceof IOException
          || thrown instanceof IllegalArgumentException
          || thrown instanceof IllegalStateException)) {
        fail("case " + description + " threw " + thrown.getClass().getName(), thrown);
      }
      String message = String.valueOf(thrown.getMessage());
      boolean namesAFile =
          named != null
              ? message.contains(named.toString())
              : files.stream().anyMatch(f -> message.contains(f.toString()));
      assertThat(namesAFile)
          .as("case %s: the message names the file: %s", description, message)
          .isTrue();
    }
    // Some damage is harmless (a flipped pixel, garbage a lenient format ignores); not all of it.
    assertThat(clean).as("cases that read cleanly").isLessThan(cases);
  }

  private static void damage(
      Path dir, String target, String other, Damage damage, Random random, HeaderChange header)
      throws IOException {
    Path file = dir.resolve(target);
    byte[] content = Files.readAllBytes(file);
    switch (damage) {
      case TRUNCATE ->
          Files.write(
              file,
              Arrays.copyOf(content, content.length == 0 ? 0 : random.nextInt(content.length)));
      case FLIP_BYTES -> {
        for (int i = 0; i < 1 + random.nextInt(4) && content.length > 0; i++) {
          content[random.nextInt(content.length)] ^= (byte) (1 << random.nextInt(8));
        }
        Files.write(file, content);
      }
      case APPEND_GARBAGE -> {
        byte[] garbage = new byte[1 + random.nextInt(64)];
        random.nextBytes(garbage);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(content);
        out.write(garbage);
        Files.write(file, out.toByteArray());
      }
      case CHANGE_HEADER -> header.apply(file, random);
      case SWAP_FILES -> {
        Path second = dir.resolve(other);
        Path spare = dir.resolve(".swap");
        Files.move(file, spare);
        Files.move(second, file, StandardCopyOption.REPLACE_EXISTING);
        Files.move(spare, second, StandardCopyOption.REPLACE_EXISTING);
      }
      case EMPTY_FILE -> Files.write(file, new byte[0]);
      case DIRECTORY_IN_PLACE -> {
        Files.delete(file);
        Files.createDirectory(file);
      }
      case DELETE -> Files.delete(file);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static byte[] prefix(byte[] content, int header, int recordBytes, int records) {
    byte[] out = Arrays.copyOf(content, header + recordBytes * records);
    ByteBuffer.wrap(out).putInt(4, records);
    return out;
  }

  private static byte[] gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return in.readAllBytes();
    }
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }
}
