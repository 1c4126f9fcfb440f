package dev.bornagain.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import dev.bornagain.core.BornAgainResult;
import dev.bornagain.core.Generation;
import dev.bornagain.core.checkpoint.FileDigest;
import dev.bornagain.core.listen.BornAgainListenerAdapter;
import dev.bornagain.core.listen.EpochMetrics;
import dev.bornagain.datasets.SharedData;
import dev.bornagain.datasets.Split;
import dev.bornagain.datasets.image.CifarFiles;
import dev.bornagain.datasets.image.CifarLayout;
import dev.bornagain.datasets.image.IdxFiles;
import dev.bornagain.datasets.image.ImageSet;
import dev.bornagain.datasets.text.PennTreebankCorpus;
import dev.bornagain.losses.DistillationLosses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupts small copies of the real data files (Fashion-MNIST IDX, CIFAR-10 records, Penn Treebank
 * text) and the checkpoint directories of a tiny run, finished and stopped mid-generation, in many
 * seeded random ways. Every case must end in one of two ways: an {@link IOException}, {@link
 * IllegalArgumentException} or {@link IllegalStateException} whose message names the damaged file,
 * or exactly what the undamaged files give (the same images and labels, the same tokens; for a
 * checkpoint directory, a resumed run with the uninterrupted run's losses, metrics and parameter
 * bytes). No silent difference, no other exception type, no hang, no {@link OutOfMemoryError}.
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

  /** Reads a file set and returns what it read, in a form compared with the undamaged read. */
  @FunctionalInterface
  private interface Reader {
    String read(List<Path> files) throws Exception;
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
        files -> describe(IdxFiles.read(files.get(0), files.get(1), 10)),
        (file, random) -> {
          // A header dimension changed, inside the gzip stream for the images.
          boolean gz = file.getFileName().toString().endsWith(".gz");
          byte[] content = gz ? gunzip(file) : Files.readAllBytes(file);
          int field = gz ? 4 + 4 * random.nextInt(3) : 4;
          int[] values = {0, -1, 1, 14, 56, 121, 60_000, Integer.MAX_VALUE, 1 << 20};
          ByteBuffer.wrap(content).putInt(field, values[random.nextInt(values.length)]);
          Files.write(file, gz ? gzip(content) : content);
        },
        EnumSet.of(Damage.FLIP_BYTES));
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
        files ->
            describe(CifarFiles.read(CifarLayout.CIFAR_10, List.of(files.get(0)), 0))
                + describe(CifarFiles.read(CifarLayout.CIFAR_10, List.of(files.get(1)), 5)),
        (file, random) -> {
          // The "header" of a record is its label byte.
          byte[] content = Files.readAllBytes(file);
          if (content.length > 0) {
            int r = random.nextInt(Math.max(1, content.length / record));
            content[Math.min(content.length - 1, r * record)] = (byte) (10 + random.nextInt(240));
          }
          Files.write(file, content);
        },
        EnumSet.of(Damage.FLIP_BYTES));
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
        files -> describe(PennTreebankCorpus.fromFiles(files.get(0), files.get(1), files.get(2))),
        (file, random) -> {
          // Bytes that are not UTF-8 in the middle of a line.
          byte[] content = Files.readAllBytes(file);
          int at = content.length == 0 ? 0 : random.nextInt(content.length);
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          out.write(content, 0, at);
          out.write(new byte[] {(byte) 0xC3, (byte) (0x28 + random.nextInt(3))});
          out.write(content, at, content.length - at);
          Files.write(file, out.toByteArray());
        },
        // Plain text: a shorter text, a changed letter, or two texts swapped are still texts.
        EnumSet.of(Damage.FLIP_BYTES, Damage.TRUNCATE, Damage.SWAP_FILES));
  }

  @Test
  void checkpoints_corruptedDirectoryOfAFinishedRun_resumesToTheSameResultOrFailsNamingTheFile()
      throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      TinyData data = new TinyData(manager);
      Path original = temp.resolve("finished");
      String uninterrupted = describe(tinyRun(original).train(data.training, data.validation));
      fuzzCheckpoints(original, data, uninterrupted, 30);
    }
  }

  @Test
  void checkpoints_corruptedDirectoryOfAnUnfinishedRun_resumesToTheSameResultOrFailsNamingTheFile()
      throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      TinyData data = new TinyData(manager);
      String uninterrupted =
          describe(tinyRun(temp.resolve("reference")).train(data.training, data.validation));
      // Stopped after BAN-1's second of three epochs: what a resume reads mid-generation
      // (parameters, optimizer state, progress of two epochs, the fall-back) is all on disk.
      Path original = temp.resolve("unfinished");
      assertThatThrownBy(
              () ->
                  tinyRun(original)
                      .listener(
                          new BornAgainListenerAdapter() {
                            @Override
                            public void onEpochEnd(EpochMetrics metrics) {
                              // Right after BAN-1's second epoch was saved, as a crash would.
                              if (metrics.generation() == 1 && metrics.epoch() == 1) {
                                throw new IllegalStateException("simulated crash");
                              }
                            }
                          })
                      .train(data.training, data.validation))
          .hasMessageContaining("simulated crash");
      for (String epoch : List.of("epoch-0001", "epoch-0002")) {
        for (String file : List.of("parameters", "optimizer", "progress.json")) {
          assertThat(original.resolve("generation-1").resolve(epoch).resolve(file)).exists();
        }
      }
      assertThat(original.resolve("generation-1/final.parameters")).doesNotExist();
      fuzzCheckpoints(original, data, uninterrupted, 40);
    }
  }

  /** Three noisy classes of 4 features: 96 training and 48 validation samples. */
  private static final class TinyData {
    final ArrayDataset training;
    final ArrayDataset validation;

    TinyData(NDManager manager) {
      Random random = new Random(5);
      training = dataset(manager, random, 96);
      validation = dataset(manager, random, 48);
    }

    private static ArrayDataset dataset(NDManager manager, Random random, int samples) {
      float[] x = new float[samples * 4];
      float[] y = new float[samples];
      for (int i = 0; i < y.length; i++) {
        y[i] = random.nextInt(3);
        for (int j = 0; j < 4; j++) {
          x[i * 4 + j] = (float) random.nextGaussian() + y[i];
        }
      }
      return new ArrayDataset.Builder()
          .setData(manager.create(x, new Shape(samples, 4)))
          .optLabels(manager.create(y, new Shape(samples)))
          .setSampling(32, false)
          .build();
    }
  }

  /**
   * Fuzzes every file of a checkpoint directory; each case resumes the run, which must either fail
   * naming the damaged file or end exactly as the uninterrupted run did.
   */
  private void fuzzCheckpoints(Path original, TinyData data, String uninterrupted, int cases)
      throws Exception {
    List<String> names = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(original)) {
      walk.filter(Files::isRegularFile)
          .map(p -> original.relativize(p).toString())
          .sorted()
          .forEach(names::add);
    }
    Reader resume =
        files -> describe(tinyRun(files.get(0).getParent()).train(data.training, data.validation));
    // The undamaged directory resumes to the uninterrupted run's result.
    Path undamaged = temp.resolve(original.getFileName() + "-undamaged");
    copyTree(original, undamaged);
    assertThat(resume.read(List.of(undamaged.resolve("x")))).isEqualTo(uninterrupted);
    fuzz(
        original,
        names,
        cases,
        resume,
        (file, random) -> {
          byte[] content = Files.readAllBytes(file);
          if (content.length > 0) {
            content[random.nextInt(content.length)] ^= (byte) 0x20;
          }
          Files.write(file, content);
        },
        EnumSet.noneOf(Damage.class),
        true);
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
        .epochs(3)
        .seed(11)
        .quiet()
        .checkpointDirectory(checkpoints);
  }

  /**
   * What a run produced, for comparison: each generation's metrics (all but the seconds) and the
   * SHA-256 of its final and best parameter files, the configuration and the schedule.
   */
  private static String describe(BornAgainResult result) throws IOException {
    StringBuilder out = new StringBuilder();
    for (Generation g : result.generations()) {
      out.append(g.name()).append(" seed ").append(g.seed());
      out.append(" pretrained ").append(g.pretrained()).append('\n');
      for (EpochMetrics m : g.epochs()) {
        out.append(
            String.format(
                Locale.ROOT,
                "  epoch %d: loss %s, validation loss %s, error %s, lr %s%n",
                m.epoch(),
                m.trainingLoss(),
                m.validationLoss(),
                m.validationErrorPercent(),
                m.learningRate()));
      }
      Path file = g.parametersFile().orElseThrow();
      out.append("  ").append(file.getFileName()).append(' ').append(sha256(file)).append('\n');
      Path best = file.resolveSibling("best.parameters");
      if (Files.exists(best)) {
        out.append("  best.parameters ").append(sha256(best)).append('\n');
      }
    }
    out.append(result.configuration()).append('\n').append(result.effectiveSchedule());
    return out.toString();
  }

  private static String describe(ImageSet set) {
    StringBuilder out = new StringBuilder();
    out.append(set.size()).append(' ').append(set.channels()).append('x').append(set.height());
    out.append('x').append(set.width()).append(" classes ").append(set.classCount()).append('\n');
    MessageDigest digest = newSha256();
    for (int i = 0; i < set.size(); i++) {
      digest.update(set.imageCopy(i));
      out.append(set.label(i)).append(' ');
    }
    return out.append(HexFormat.of().formatHex(digest.digest())).toString();
  }

  private static String describe(PennTreebankCorpus corpus) {
    StringBuilder out = new StringBuilder();
    out.append(corpus.vocabulary().size()).append(" words\n");
    for (Split split : Split.values()) {
      out.append(split).append(' ').append(Arrays.hashCode(corpus.tokens(split)));
      out.append(' ').append(Arrays.toString(corpus.tokens(split))).append('\n');
    }
    return out.toString();
  }

  private static String sha256(Path file) throws IOException {
    return HexFormat.of().formatHex(newSha256().digest(Files.readAllBytes(file)));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @FunctionalInterface
  private interface HeaderChange {
    void apply(Path file, Random random) throws IOException;
  }

  /**
   * Fuzzes a set of data files. {@code unseen} are the damages the format carries nothing to detect
   * (no checksum in IDX, CIFAR or plain text: a flipped pixel is still a pixel); a case with one of
   * those may read something else without an error. Every other case reads exactly the undamaged
   * content or fails naming the file.
   */
  private void fuzz(
      Path original,
      List<String> names,
      int cases,
      Reader reader,
      HeaderChange header,
      Set<Damage> unseen)
      throws Exception {
    fuzz(original, names, cases, reader, header, unseen, false);
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
      Set<Damage> unseen,
      boolean checkpointDirectory)
      throws Exception {
    Random random = new Random(SEED + original.getFileName().toString().hashCode());
    Damage[] damages = Damage.values();
    // What the undamaged files give, read from a copy as every case is.
    Path pristine = temp.resolve(original.getFileName() + "-pristine");
    copyTree(original, pristine);
    String expected =
        reader.read(
            checkpointDirectory
                ? List.of(pristine.resolve("x"))
                : names.stream().map(pristine::resolve).toList());
    int failed = 0;
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
      Object outcome =
          assertTimeoutPreemptively(
              CASE_TIMEOUT,
              () -> {
                try {
                  return reader.read(checkpointDirectory ? List.of(copy.resolve("x")) : files);
                } catch (Throwable t) {
                  return t;
                }
              },
              () -> "case " + description + " hung");
      if (outcome instanceof String read) {
        if (unseen.contains(damage)) {
          continue;
        }
        // No silent difference: a damage that goes unnoticed must not change what is read.
        assertThat(read)
            .as(
                "case %s read without an error, so it must give what the undamaged files give",
                description)
            .isEqualTo(expected);
        continue;
      }
      failed++;
      Throwable thrown = (Throwable) outcome;
      if (thrown instanceof UncheckedIOException) {
        fail("case " + description + " threw UncheckedIOException instead of IOException", thrown);
      }
      if (!(thrown instanceof IOException
          || thrown instanceof IllegalArgumentException
          || thrown instanceof IllegalStateException)) {
        fail("case " + description + " threw " + thrown.getClass().getName(), thrown);
      }
      String message = String.valueOf(thrown.getMessage());
      List<Path> damaged =
          damage == Damage.SWAP_FILES
              ? List.of(copy.resolve(target), copy.resolve(other))
              : List.of(copy.resolve(target));
      // A damaged digest sidecar may be reported as the file it covers.
      boolean namesTheFile =
          damaged.stream()
              .map(Path::toString)
              .anyMatch(
                  f ->
                      message.contains(f)
                          || (f.endsWith(FileDigest.SUFFIX)
                              && message.contains(
                                  f.substring(0, f.length() - FileDigest.SUFFIX.length()))));
      assertThat(namesTheFile)
          .as("case %s: the message names the damaged file: %s", description, message)
          .isTrue();
    }
    // Some damage is harmless (garbage a lenient format ignores); the fuzzing must reach the
    // checks.
    assertThat(failed).as("cases that failed").isPositive();
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
