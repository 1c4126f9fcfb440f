package dev.bornagain.core.checkpoint;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.bornagain.core.listen.EpochMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory holding a run's checkpoints, laid out as
 *
 * <pre>
 *   manifest.json                        the run's configuration fingerprint
 *   generation-K/progress.json           epochs done, finished flag, schedule position, metrics
 *   generation-K/epoch-NNNN/parameters   the student's parameters after epoch NNNN (batch-norm
 *   generation-K/epoch-NNNN/optimizer    statistics included) and its momentum buffers
 *   generation-K/final.parameters        the trained generation
 * </pre>
 *
 * <p>Every file is written atomically (a temporary sibling renamed over the target), and an epoch
 * directory is complete before {@code progress.json} points to it, so a process killed at any
 * moment leaves the last complete epoch readable. The random state needs no file: every epoch
 * reseeds the engine from (base seed, generation, epoch).
 */
public final class CheckpointDirectory {

  private static final Logger logger = LoggerFactory.getLogger(CheckpointDirectory.class);
  private static final Gson GSON =
      new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create();
  private static final String MANIFEST = "manifest.json";
  private static final String PROGRESS = "progress.json";
  private static final String FINAL = "final.parameters";
  private static final String BEST = "best.parameters";

  private final Path root;

  private CheckpointDirectory(Path root) {
    this.root = root;
  }

  /**
   * Opens (or creates) a checkpoint directory for a run.
   *
   * @param root the directory; created if absent
   * @param fingerprint the run's configuration
   * @return the directory
   * @throws IOException if the directory or manifest cannot be read or written
   * @throws IllegalStateException if the directory was written by a run with a different
   *     configuration; the message lists every differing field with both values
   */
  public static CheckpointDirectory open(Path root, Fingerprint fingerprint) throws IOException {
    checkNotNull(root, "root");
    Files.createDirectories(root);
    Path manifest = root.resolve(MANIFEST);
    if (Files.exists(manifest)) {
      Fingerprint stored = readManifest(manifest);
      ImmutableList<String> differences = fingerprint.differencesFrom(stored);
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
      AtomicFiles.writeString(manifest, GSON.toJson(new Manifest(1, fingerprint.fields())));
    }
    return new CheckpointDirectory(root);
  }

  private static Fingerprint readManifest(Path manifest) throws IOException {
    String text = Files.readString(manifest, StandardCharsets.UTF_8);
    try {
      Manifest parsed = GSON.fromJson(text, Manifest.class);
      checkArgument(parsed != null && parsed.fingerprint != null, "no fingerprint in %s", manifest);
      return new Fingerprint(ImmutableSortedMap.copyOf(parsed.fingerprint));
    } catch (JsonParseException e) {
      throw new IOException("checkpoint manifest " + manifest + " is not valid JSON", e);
    }
  }

  /** Returns the directory. */
  public Path root() {
    return root;
  }

  /**
   * Returns what is saved for a generation, if anything.
   *
   * @param generation the generation index
   * @return the saved state, or empty if the generation has not completed an epoch
   * @throws IOException if the progress file cannot be read or names a missing file
   */
  public Optional<GenerationCheckpoint> load(int generation) throws IOException {
    Path dir = generationDirectory(generation);
    Path progressFile = dir.resolve(PROGRESS);
    if (!Files.exists(progressFile)) {
      return Optional.empty();
    }
    Progress progress;
    try {
      progress =
          GSON.fromJson(Files.readString(progressFile, StandardCharsets.UTF_8), Progress.class);
    } catch (JsonParseException e) {
      throw new IOException("checkpoint progress file " + progressFile + " is not valid JSON", e);
    }
    Path parameters;
    Path optimizer = null;
    if (progress.finished) {
      parameters = dir.resolve(FINAL);
    } else {
      Path epochDir = dir.resolve(progress.checkpoint);
      parameters = epochDir.resolve("parameters");
      optimizer = epochDir.resolve("optimizer");
      if (!Files.exists(optimizer)) {
        throw new IOException(
            "checkpoint progress file " + progressFile + " names missing file " + optimizer);
      }
    }
    if (!Files.exists(parameters)) {
      throw new IOException(
          "checkpoint progress file " + progressFile + " names missing file " + parameters);
    }
    return Optional.of(
        new GenerationCheckpoint(
            generation,
            progress.completedEpochs,
            progress.finished,
            progress.schedule == null ? "" : progress.schedule,
            ImmutableList.copyOf(progress.metrics),
            parameters,
            optimizer));
  }

  /**
   * Saves the state after a completed epoch: parameters and optimizer state into a new epoch
   * directory, then the progress file pointing to it; older epoch directories are then removed.
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
    String name = String.format(Locale.ROOT, "epoch-%04d", completed);
    Path temporary = Files.createDirectories(dir).resolve(".tmp-" + name);
    AtomicFiles.deleteRecursively(temporary);
    Files.createDirectories(temporary);
    AtomicFiles.write(temporary.resolve("parameters"), parameters);
    AtomicFiles.write(temporary.resolve("optimizer"), optimizerState);
    Path target = dir.resolve(name);
    AtomicFiles.deleteRecursively(target);
    AtomicFiles.move(temporary, target);
    writeProgress(dir, new Progress(generation, completed, false, name, scheduleState, metrics));
    removeEpochDirectoriesExcept(dir, name);
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
    AtomicFiles.write(file, parameters);
    writeProgress(dir, new Progress(generation, metrics.size(), true, null, "", metrics));
    removeEpochDirectoriesExcept(dir, null);
    return file;
  }

  private static void writeProgress(Path dir, Progress progress) throws IOException {
    AtomicFiles.writeString(dir.resolve(PROGRESS), GSON.toJson(progress));
  }

  private static void removeEpochDirectoriesExcept(Path dir, String keep) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        boolean stale = name.startsWith("epoch-") || name.startsWith(".tmp-epoch-");
        if (stale && !name.equals(keep)) {
          AtomicFiles.deleteRecursively(entry);
        }
      }
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
    AtomicFiles.write(file, parameters);
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

  /** A generation's progress file's JSON form. */
  private record Progress(
      int generation,
      int completedEpochs,
      boolean finished,
      String checkpoint,
      String schedule,
      List<EpochMetrics> metrics) {}
}
