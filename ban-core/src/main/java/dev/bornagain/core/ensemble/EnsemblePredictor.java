package dev.bornagain.core.ensemble;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Dataset;
import com.google.common.collect.ImmutableList;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.bornagain.core.checkpoint.AtomicFiles;
import dev.bornagain.core.checkpoint.DamagedFileException;
import dev.bornagain.core.checkpoint.FileDigest;
import dev.bornagain.core.data.BatchCheck;
import dev.bornagain.core.train.Evaluation;
import dev.bornagain.core.train.EvaluationResult;
import dev.bornagain.core.train.FrozenModel;
import dev.bornagain.core.train.ParameterSnapshot;
import dev.bornagain.models.ensemble.EnsembleBlock;
import dev.bornagain.models.ensemble.Probabilities;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Predicts with the mean of its members' softmaxes: {@code (1/k) sum_i softmax(f_i(x))}, each
 * member frozen and in inference mode. Averaging probabilities, not logits, is what the paper's
 * Ens*k does.
 *
 * <p>The predictor owns its members' native memory: close it when done. Arrays it returns belong to
 * the manager of the input they were computed from.
 */
public final class EnsemblePredictor implements AutoCloseable {

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
  private static final String MANIFEST = "ensemble.json";
  // Format 2 records a digest beside each member's parameters; format 1 did not.
  private static final int FORMAT = 2;

  private final ImmutableList<FrozenModel> members;
  private final ImmutableList<Shape> inputShapes;
  private final Device device;

  private EnsemblePredictor(List<FrozenModel> members, List<Shape> inputShapes, Device device) {
    this.members = ImmutableList.copyOf(members);
    this.inputShapes = ImmutableList.copyOf(inputShapes);
    this.device = device;
  }

  /**
   * Builds an ensemble from frozen members, taking ownership of them.
   *
   * @param members the members
   * @param inputShapes the shapes of one input, recorded for {@link #save}
   * @param device the device evaluation batches are created on
   * @return the ensemble
   * @throws IllegalArgumentException if there are no members
   */
  public static EnsemblePredictor of(
      List<FrozenModel> members, List<Shape> inputShapes, Device device) {
    checkArgument(!members.isEmpty(), "an ensemble needs at least one member");
    return new EnsemblePredictor(members, inputShapes, checkNotNull(device, "device"));
  }

  /** Returns the members' names, e.g. [BAN-1, BAN-2, BAN-3]. */
  public ImmutableList<String> memberNames() {
    return members.stream().map(FrozenModel::name).collect(ImmutableList.toImmutableList());
  }

  /**
   * Predicts the mean of the members' probabilities for a batch.
   *
   * @param input the batch's data
   * @return probabilities of shape (N, C) or (N, T, C); each sample's sum is 1
   */
  public NDArray predictProbabilities(NDList input) {
    return Probabilities.mean(memberLogits(input));
  }

  /**
   * Scores the ensemble on a dataset: error and mean label cross-entropy of the averaged
   * probabilities (perplexity for language models). Members' carried state is reset first.
   *
   * @param dataset the dataset, labels as class indices
   * @return the scores
   * @throws IOException if the dataset cannot be read
   * @throws IllegalArgumentException if the dataset is empty, or a batch has another input shape
   *     than the members were built for, a non-finite input or a label out of range
   */
  public EvaluationResult evaluate(Dataset dataset) throws IOException {
    return evaluate(dataset, "evaluation set");
  }

  /**
   * As {@link #evaluate(Dataset)}, naming the dataset in messages.
   *
   * @param dataset the dataset, labels as class indices
   * @param role what the dataset is, e.g. "test set"
   * @return the scores
   * @throws IOException if the dataset cannot be read
   * @throws IllegalArgumentException as {@link #evaluate(Dataset)}, naming the role
   */
  public EvaluationResult evaluate(Dataset dataset, String role) throws IOException {
    resetState();
    try (NDManager manager = NDManager.newBaseManager(device)) {
      return Evaluation.run(
          dataset,
          BatchCheck.of(role, inputShapes),
          manager,
          input -> Probabilities.logMean(memberLogits(input)));
    } finally {
      resetState();
    }
  }

  /**
   * Returns the ensemble as a DJL {@link Model} whose block is an {@link EnsembleBlock} of the
   * members (returning the mean of their probabilities, computed exactly as {@link
   * #predictProbabilities}): a {@code Predictor} with any {@code Translator}, or {@code
   * Model.save}, work on it as on any model. The model shares the members' parameters, so it is
   * valid while this predictor is open; close it before the predictor.
   *
   * @param name the model's name
   * @return a new model the caller closes
   */
  public Model newModel(String name) {
    EnsembleBlock block =
        new EnsembleBlock(
            members.stream().map(FrozenModel::block).toList(), EnsembleBlock.Output.PROBABILITIES);
    Model model = Model.newInstance(name, device);
    model.setBlock(block);
    // The members' parameters are there already: this only records the input shapes.
    block.initialize(model.getNDManager(), DataType.FLOAT32, inputShapes.toArray(new Shape[0]));
    return model;
  }

  /** Forgets the members' carried state (language models); no-op for stateless members. */
  public void resetState() {
    members.forEach(FrozenModel::resetState);
  }

  private List<NDArray> memberLogits(NDList input) {
    List<NDArray> logits = new ArrayList<>(members.size());
    for (FrozenModel member : members) {
      logits.add(member.forward(input).head());
    }
    return logits;
  }

  /**
   * Saves the ensemble as one directory: {@code ensemble.json} (member names, input shapes) and
   * each member's parameters, every file written atomically with its SHA-256 beside it ({@code
   * member-0.parameters.sha256}), the manifest last.
   *
   * @param directory the directory, created if absent
   * @throws IOException if writing fails
   */
  public void save(Path directory) throws IOException {
    Files.createDirectories(directory);
    List<MemberEntry> entries = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      FrozenModel member = members.get(i);
      String file = String.format(Locale.ROOT, "member-%d.parameters", i);
      AtomicFiles.writeWithDigest(
          directory.resolve(file), out -> member.block().saveParameters(out));
      entries.add(new MemberEntry(member.name(), file));
    }
    List<long[]> shapes = new ArrayList<>();
    inputShapes.forEach(s -> shapes.add(s.getShape()));
    AtomicFiles.writeString(
        directory.resolve(MANIFEST), GSON.toJson(new Manifest(FORMAT, entries, shapes)));
  }

  /**
   * Loads an ensemble saved by {@link #save}.
   *
   * @param directory the directory
   * @param blockFactory a fresh block for each member name (the architectures it was saved with)
   * @param device the device to load onto
   * @return the ensemble; the caller owns it
   * @throws DamagedFileException if a member's parameters differ from their recorded digest, or the
   *     digest is missing
   * @throws IOException if a file is missing or malformed
   * @throws IllegalArgumentException if a member's parameters do not fit its block (the message
   *     names the member, the file, the parameter and both shapes)
   */
  public static EnsemblePredictor load(
      Path directory, Function<String, Block> blockFactory, Device device) throws IOException {
    Path manifestFile = directory.resolve(MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new IOException("no ensemble manifest " + manifestFile);
    }
    Manifest manifest;
    try {
      manifest =
          GSON.fromJson(Files.readString(manifestFile, StandardCharsets.UTF_8), Manifest.class);
    } catch (JsonParseException e) {
      throw new IOException("ensemble manifest " + manifestFile + " is not valid JSON", e);
    }
    if (manifest == null || manifest.members == null || manifest.members.isEmpty()) {
      throw new IOException("ensemble manifest " + manifestFile + " lists no members");
    }
    if (manifest.inputShapes == null) {
      throw new IOException("ensemble manifest " + manifestFile + " lists no input shapes");
    }
    List<Shape> shapes = new ArrayList<>();
    manifest.inputShapes.forEach(s -> shapes.add(new Shape(s)));
    List<FrozenModel> loaded = new ArrayList<>();
    try {
      for (MemberEntry entry : manifest.members) {
        Path file = directory.resolve(entry.file);
        if (!Files.isRegularFile(file)) {
          throw new IOException("ensemble member " + entry.name + ": missing file " + file);
        }
        Path digest = FileDigest.sidecar(file);
        if (manifest.format >= FORMAT && !Files.isRegularFile(digest)) {
          throw new DamagedFileException(
              file, "ensemble member " + entry.name + ": missing digest " + digest);
        }
        try {
          // Loading checks the file against its digest, and every parameter's shape.
          loaded.add(
              FrozenModel.load(
                  entry.name,
                  blockFactory.apply(entry.name),
                  shapes,
                  ParameterSnapshot.ofFile(file),
                  device));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "ensemble member " + entry.name + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException | RuntimeException e) {
      loaded.forEach(FrozenModel::close);
      throw e;
    }
    return new EnsemblePredictor(loaded, shapes, device);
  }

  /** Frees every member's native memory. */
  @Override
  public void close() {
    members.forEach(FrozenModel::close);
  }

  private record MemberEntry(String name, String file) {}

  private record Manifest(int format, List<MemberEntry> members, List<long[]> inputShapes) {}
}
