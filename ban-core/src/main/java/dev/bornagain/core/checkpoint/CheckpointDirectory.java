package dev.bornagain.core.checkpoint;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.bornagain.core.listen.EpochMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory holding a run's checkpoints, laid out as
 *
 * <pre>
 *   manifest.json                         the run's configuration fingerprint
 *   generation-K/progress.json            epochs done, finished flag, newest epoch, metrics
 *   generation-K/epoch-NNNN/parameters    the student's parameters after epoch NNNN (batch-norm
 *   generation-K/epoch-NNNN/optimizer     statistics included), its momentum buffers, and
 *   generation-K/epoch-NNNN/progress.json that epoch's schedule position and metrics
 *   generation-K/final.parameters         the trained generation
 * </pre>
 *
 * <p>Every file is written atomically (a temporary sibling renamed over the target) with its
 * SHA-256 beside it ({@code <file>.sha256}, see {@link FileDigest}), and an epoch directory is
 * complete before {@code progress.json} points to it, so a process killed at any moment leaves the
 * last complete epoch readable. The two newest epoch directories are kept: when the newest fails
 * its digest on resume, training falls back to the one before. Opening a directory removes the
 * temporary files a killed writer left behind, so one directory serves one run at a time. The
 * random state needs no file: every epoch reseeds the engine from (base seed, generation, epoch).
 */
public final class CheckpointDirectory implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(CheckpointDirectory.class);
  private static final Gson GSON =
      new GsonBuilder()
          .serializeSpecialFloatingPointValues()
          .disableHtmlEscaping()
          .setPrettyPrinting()
          .create();
  private static final String MANIFEST = "manifest.json";
  private static final String PROGRESS = "progress.json";
  private static final String FINAL = "final.parameters";
  private static final String BEST = "best.parameters";
  private static final String PARAMETERS = "parameters";
  private static final String OPTIMIZER = "optimizer";
  private static final String EPOCH_PREFIX = "epoch-";
  // Format 2 added the digests and the per-epoch progress files.
  private static final int FORMAT = 2;
  // The newest epoch, and the one to fall back to when the newest is damaged.
  private static final int EPOCHS_KEPT = 2;

  private final Path root;
  private final RunLock lock;

  private CheckpointDirectory(Path root, RunLock lock) {
    this.root = root;
    this.lock = lock;
  }

  /**
   * Opens (or creates) a checkpoint directory for a run: takes its {@link RunLock} before anything
   * is read or written, then removes temporary files left by a killed writer. Close it when the run
   * ends, which releases the lock.
   *
   * @param root the directory; created if absent
   * @param fingerprint the run's configuration
   * @return the directory
   * @throws IOException if the directory or manifest cannot be read or written (the message names
   *     the path and the operation)
   * @throws IllegalStateException if another run holds the directory's lock (the message names the
   *     holder's process, host and start time)
   * @throws DamagedFileException if the manifest fails its digest
   * @throws IllegalStateException if the directory was written by a run with a different
   *     configuration (the message lists every differing field with both values), or by an earlier
   *     version of this library
   */
  public static CheckpointDirectory open(Path root, Fingerprint fingerprint) throws IOException {
    checkNotNull(root, "root");
    checkNotNull(fingerprint, "fingerprint");
    RunLock lock = RunLock.acquire(root, "checkpoint directory");
    try {
      return open(root, fingerprint, lock);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static CheckpointDirectory open(Path root, Fingerprint fingerprint, RunLock lock)
      throws IOException {
    removeOrphans(root);
    Path manifest = root.resolve(MANIFEST);
    if (Files.exists(manifest)) {
      // Checked before parsing where a digest exists; format 1 wrote none, format 2 always does.
      FileDigest.verifyIfRecorded(manifest);
      Manifest stored = readManifest(manifest);
      checkState(
          stored.format >= FORMAT,
          "checkpoint directory %s was written by an earlier version of ban (format %s, without"
              + " digests): use another directory, or delete this one to start over",
          root,
          stored.format);
      FileDigest.verify(manifest);
      ImmutableList<String> differences =
          fingerprint.differencesFrom(
              new Fingerprint(ImmutableSortedMap.copyOf(stored.fingerprint)));
      if (!differences.isEmpty()) {
        throw new IllegalStateException(
            "checkpoint directory "
                + root
                + " was written by a different configuration:\n  "
                + String.join("\n  ", differences)
                + "\nUse another directory, or delete this one to start over.");
      }
      logger.info("Resuming from checkpoint directory {}", root);
    } else {
      AtomicFiles.writeStringWithDigest(
          manifest, GSON.toJson(new Manifest(FORMAT, fingerprint.fields())));
    }
    return new CheckpointDirectory(root, lock);
  }

  /**
   * Releases the directory's lock; its files stay readable.
   *
   * @throws IOException if the lock file cannot be emptied
   */
  @Override
  public void close() throws IOException {
    lock.close();
  }

  private static Manifest readManifest(Path manifest) throws IOException {
    String text;
    try {
      text = Files.readString(manifest, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw FileFailures.named("read the checkpoint manifest", manifest, e);
    }
    try {
      Manifest parsed = GSON.fromJson(text, Manifest.class);
      if (parsed == null || parsed.fingerprint == null) {
        throw new IOException("checkpoint manifest " + manifest + " holds no fingerprint");
      }
      return parsed;
    } catch (JsonParseException e) {
      throw new IOException("checkpoint manifest " + manifest + " is not valid JSON", e);
    }
  }

  /** Removes what a writer killed before its rename left: files and directories named .tmp-*. */
  private static void removeOrphans(Path root) throws IOException {
    List<Path> orphans;
    // root/.tmp-*, root/generation-K/.tmp-*, root/generation-K/.tmp-epoch-NNNN/...
    try (Stream<Path> walk = Files.walk(root, 2)) {
      orphans = walk.filter(p -> !p.equals(root) && AtomicFiles.isTemporary(p)).toList();
    }
    for (Path orphan : orphans) {
      AtomicFiles.deleteRecursively(orphan);
    }
    if (!orphans.isEmpty()) {
      logger.info("Removed {} temporary files left by a killed run in {}", orphans.size(), root);
    }
  }

  /** Returns the directory. */
  public Path root() {
    return root;
  }

  /**
   * Returns what is saved for a generation, if anything, after checking every file it needs against
   * its digest. An unfinished generation resumes from its newest intact epoch: a damaged newest
   * epoch is skipped (with a warning) in favour of the one before.
   *
   * @param generation the generation index
   * @return the saved state, or empty if the generation has not completed an epoch
   * @throws DamagedFileException if the finished parameters, or every saved epoch, fail their
   *     digests; the message names the files
   * @throws IOException if a progress file cannot be read or names a missing file
   */
  public Optional<GenerationCheckpoint> load(int generation) throws IOException {
    Path dir = generationDirectory(generation);
    Path progressFile = dir.resolve(PROGRESS);
    List<Path> epochs = epochDirectoriesNewestFirst(dir);
    Progress progress = null;
    if (Files.exists(progressFile)) {
      try {
        progress = readProgress(progressFile);
      } catch (DamagedFileException e) {
        if (epochs.isEmpty()) {
          throw e;
        }
        logger.warn("{}; resuming from the epoch directories instead", e.getMessage());
      }
    }
    if (progress != null && progress.finished) {
      Path parameters = dir.resolve(FINAL);
      if (!Files.exists(parameters)) {
        throw new IOException(
            "checkpoint progress file " + progressFile + " names missing file " + parameters);
      }
      FileDigest.verify(parameters);
      return Optional.of(
          new GenerationCheckpoint(
              generation,
              progress.completedEpochs,
              true,
              "",
              ImmutableList.copyOf(progress.metrics),
              parameters,
              null));
    }
    if (epochs.isEmpty()) {
      if (progress != null) {
        throw new IOException(
            "checkpoint progress file "
                + progressFile
                + " names "
                + progress.checkpoint
                + " but "
                + dir
                + " holds no epoch directory");
      }
      return Optional.empty();
    }
    return Optional.of(newestIntactEpoch(generation, dir, epochs));
  }

  private GenerationCheckpoint newestIntactEpoch(int generation, Path dir, List<Path> epochs)
      throws IOException {
    List<String> damaged = new ArrayList<>();
    for (Path epoch : epochs) {
      try {
        Path parameters = epoch.resolve(PARAMETERS);
        Path optimizer = epoch.resolve(OPTIMIZER);
        for (Path file : List.of(parameters, optimizer)) {
          if (!Files.exists(file)) {
            throw new DamagedFileException(file, "file " + file + " is missing");
          }
          FileDigest.verify(file);
        }
        Progress progress = readProgress(epoch.resolve(PROGRESS));
        if (!damaged.isEmpty()) {
          logger.warn(
              "Generation {}: the newest checkpoint is damaged ({}); resuming from {}",
              generation,
              String.join("; ", damaged),
              epoch);
        }
        return new GenerationCheckpoint(
            generation,
            progress.completedEpochs,
            false,
            progress.schedule == null ? "" : progress.schedule,
            ImmutableList.copyOf(progress.metrics),
            parameters,
            optimizer);
      } catch (DamagedFileException e) {
        damaged.add(e.getMessage());
      }
    }
    throw new DamagedFileException(
        dir,
        "no intact epoch checkpoint for generation "
            + generation
            + " in "
            + dir
            + ": "
            + String.join("; ", damaged)
            + ". Delete "
            + dir
            + " to train that generation from its start.");
  }

  private static Progress readProgress(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new DamagedFileException(file, "file " + file + " is missing");
    }
    FileDigest.verify(file);
    try {
      Progress progress =
          GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Progress.class);
      if (progress == null || progress.metrics == null) {
        throw new IOException("checkpoint progress file " + file + " holds no progress");
      }
      return progress;
    } catch (JsonParseException e) {
      throw new IOException("checkpoint progress file " + file + " is not valid JSON", e);
    }
  }

  /**
   * Saves the state after a completed epoch: parameters, optimizer state and progress into a new
   * epoch directory, then the progress file pointing to it; epoch directories older than the two
   * newest are then removed.
   *
   * @param generation the generation index
   * @param metrics the metrics of all completed epochs, the last one being the epoch just done
   * @param scheduleState the schedule's position after that epoch
   * @param parameters writes the student's parameters
   * @param optimizerState writes the optimizer state
   * @throws IOException if writing fails; the previous checkpoint then stays valid
   */
  public void saveEpoch(
      int generation,
      List<EpochMetrics> metrics,
      String scheduleState,
      AtomicFiles.Writer parameters,
      AtomicFiles.Writer optimizerState)
      throws IOException {
    int completed = metrics.size();
    Path dir = generationDirectory(generation);
    String name = String.format(Locale.ROOT, EPOCH_PREFIX + "%04d", completed);
    Progress progress = new Progress(generation, completed, false, name, scheduleState, metrics);
    Path temporary = Files.createDirectories(dir).resolve(AtomicFiles.TEMPORARY_PREFIX + name);
    AtomicFiles.deleteRecursively(temporary);
    Files.createDirectories(temporary);
    AtomicFiles.writeWithDigest(temporary.resolve(PARAMETERS), parameters);
    AtomicFiles.writeWithDigest(temporary.resolve(OPTIMIZER), optimizerState);
    AtomicFiles.writeStringWithDigest(temporary.resolve(PROGRESS), GSON.toJson(progress));
    Path target = dir.resolve(name);
    AtomicFiles.deleteRecursively(target);
    AtomicFiles.move(temporary, target);
    writeProgress(dir, progress);
    List<Path> epochs = epochDirectoriesNewestFirst(dir);
    for (Path old : epochs.subList(Math.min(EPOCHS_KEPT, epochs.size()), epochs.size())) {
      AtomicFiles.deleteRecursively(old);
    }
  }

  /**
   * Saves a finished generation's parameters and marks it finished; its epoch directories are
   * removed.
   *
   * @param generation the generation index
   * @param metrics the metrics of all its epochs
   * @param parameters writes the final parameters
   * @return the final parameters file
   * @throws IOException if writing fails
   */
  public Path saveFinished(
      int generation, List<EpochMetrics> metrics, AtomicFiles.Writer parameters)
      throws IOException {
    Path dir = Files.createDirectories(generationDirectory(generation));
    Path file = dir.resolve(FINAL);
    AtomicFiles.writeWithDigest(file, parameters);
    writeProgress(dir, new Progress(generation, metrics.size(), true, null, "", metrics));
    for (Path epoch : epochDirectoriesNewestFirst(dir)) {
      AtomicFiles.deleteRecursively(epoch);
    }
    return file;
  }

  private static void writeProgress(Path dir, Progress progress) throws IOException {
    AtomicFiles.writeStringWithDigest(dir.resolve(PROGRESS), GSON.toJson(progress));
  }

  /** The complete epoch directories (epoch-NNNN), newest first. */
  private static List<Path> epochDirectoriesNewestFirst(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith(EPOCH_PREFIX))
          .filter(Files::isDirectory)
          .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
          .toList();
    }
  }

  /**
   * Saves the parameters of a generation's best epoch on the validation set so far, replacing the
   * previous best; called before that epoch's checkpoint, so a resumed run finds the best of the
   * epochs it resumes after.
   *
   * @param generation the generation index
   * @param parameters writes the parameters
   * @return the file
   * @throws IOException if writing fails; the previous best then stays
   */
  public Path saveBest(int generation, AtomicFiles.Writer parameters) throws IOException {
    Path dir = Files.createDirectories(generationDirectory(generation));
    Path file = dir.resolve(BEST);
    AtomicFiles.writeWithDigest(file, parameters);
    return file;
  }

  /**
   * Returns the file of a generation's best-validation parameters, if one was saved.
   *
   * @param generation the generation index
   * @return the file, or empty
   */
  public Optional<Path> bestParameters(int generation) {
    Path file = bestParameters(root, generation);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /**
   * Returns where a checkpoint directory keeps a generation's best-validation parameters, without
   * opening it.
   *
   * @param root the checkpoint directory
   * @param generation the generation index
   * @return {@code <root>/generation-K/best.parameters}, which may not exist
   */
  public static Path bestParameters(Path root, int generation) {
    return generationDirectory(root, generation).resolve(BEST);
  }

  /**
   * Returns where a checkpoint directory keeps a finished generation's parameters, without opening
   * it: for callers that reuse a trained generation of an earlier run, e.g. its teacher.
   *
   * @param root the checkpoint directory
   * @param generation the generation index
   * @return {@code <root>/generation-K/final.parameters}, which may not exist
   */
  public static Path finishedParameters(Path root, int generation) {
    return generationDirectory(root, generation).resolve(FINAL);
  }

  private Path generationDirectory(int generation) {
    return generationDirectory(root, generation);
  }

  private static Path generationDirectory(Path root, int generation) {
    return root.resolve("generation-" + generation);
  }

  /** The manifest's JSON form. */
  private record Manifest(int format, Map<String, String> fingerprint) {}

  /** A progress file's JSON form (a generation's, or one epoch directory's). */
  private record Progress(
      int generation,
      int completedEpochs,
      boolean finished,
      String checkpoint,
      String schedule,
      List<EpochMetrics> metrics) {}
}
