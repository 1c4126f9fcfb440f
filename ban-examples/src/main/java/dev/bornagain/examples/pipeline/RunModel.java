package dev.bornagain.examples.pipeline;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.bornagain.core.KeptEpoch;
import dev.bornagain.core.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code ban export} needs from a run besides its checkpoints, written as {@code model.json}
 * in the run's output directory before training starts: the preset, the classes and their names,
 * the input normalisation of the training split, the epochs kept, the student generations, and the
 * run's settings as its report will record them, so that a run reusing this one's teachers ({@code
 * --teacher-from}) can describe them while this run is still training its students.
 *
 * @param preset the model preset of every generation
 * @param classes the number of classes (the vocabulary size for language models)
 * @param classNames the class names, or empty
 * @param mean per-channel means of {@code pixel / 255} in training, or empty
 * @param std per-channel standard deviations, or empty
 * @param keep which epochs were kept
 * @param generations the student generations after the teacher
 * @param settings the run's recorded settings, as in its report; empty in files written before they
 *     were recorded
 */
public record RunModel(
    String preset,
    int classes,
    List<String> classNames,
    List<Double> mean,
    List<Double> std,
    KeptEpoch keep,
    int generations,
    Map<String, String> settings) {

  /** The file's name in the run's output directory. */
  public static final String FILE = "model.json";

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  /** Copies the lists. */
  public RunModel {
    checkNotNull(preset, "preset");
    classNames = ImmutableList.copyOf(classNames);
    mean = ImmutableList.copyOf(mean);
    std = ImmutableList.copyOf(std);
    checkNotNull(keep, "keep");
    settings = settings == null ? ImmutableSortedMap.of() : ImmutableSortedMap.copyOf(settings);
  }

  static RunModel of(PipelineSettings settings, PreparedData data) {
    return new RunModel(
        settings.model(),
        data.outputs(),
        data.classNames(),
        data.normalization() == null ? List.of() : data.normalization().mean(),
        data.normalization() == null ? List.of() : data.normalization().std(),
        settings.keep(),
        settings.generations(),
        BornAgainPipeline.recordedSettings(settings, data));
  }

  void write(Path directory) throws IOException {
    AtomicFiles.writeString(directory.resolve(FILE), GSON.toJson(this));
  }

  /**
   * Reads a run's {@code model.json}.
   *
   * @param runOutput the run's output directory
   * @return the description
   * @throws IOException if the file is missing (the message says what it is) or malformed
   */
  public static RunModel read(Path runOutput) throws IOException {
    Path file = runOutput.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          "no "
              + FILE
              + " in "
              + runOutput
              + ": not the output directory of a ban run (or of one made before ban could export)");
    }
    try {
      RunModel model =
          GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), RunModel.class);
      if (model == null || model.preset() == null || model.keep() == null) {
        throw new IOException(file + " lacks the preset or the kept epochs");
      }
      return new RunModel(
          model.preset(),
          model.classes(),
          model.classNames() == null ? List.of() : model.classNames(),
          model.mean() == null ? List.of() : model.mean(),
          model.std() == null ? List.of() : model.std(),
          model.keep(),
          model.generations(),
          model.settings());
    } catch (JsonParseException e) {
      throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
    }
  }
}
