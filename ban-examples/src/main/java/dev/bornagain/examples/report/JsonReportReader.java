package dev.bornagain.examples.report;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a {@code report.json} written by {@link JsonReportWriter} back into a {@link RunReport}.
 */
public final class JsonReportReader {

  /**
   * Reads one report.
   *
   * @param file a {@code report.json}
   * @return the report, notes included
   * @throws IOException if the file is missing, not JSON, or lacks a field (the message names the
   *     file and the field)
   */
  public RunReport read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no report " + file + ": is the run finished?");
    }
    try {
      JsonObject root =
          JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
      return parse(root);
    } catch (RuntimeException e) {
      throw new IOException("cannot read the report " + file + ": " + e.getMessage(), e);
    }
  }

  private static RunReport parse(JsonObject root) {
    Metric metric = Metric.valueOf(required(root, "metric").getAsString());
    List<Long> seeds = new ArrayList<>();
    required(root, "seeds").getAsJsonArray().forEach(s -> seeds.add(s.getAsLong()));
    List<GenerationReport> generations = new ArrayList<>();
    for (JsonElement element : required(root, "generations").getAsJsonArray()) {
      JsonObject g = element.getAsJsonObject();
      List<EpochReport> epochs = new ArrayList<>();
      for (JsonElement e : required(g, "epochs").getAsJsonArray()) {
        JsonObject epoch = e.getAsJsonObject();
        epochs.add(
            new EpochReport(
                required(epoch, "epoch").getAsInt(),
                required(epoch, "trainLoss").getAsDouble(),
                number(epoch, metric.validationField()),
                required(epoch, "learningRate").getAsFloat()));
      }
      generations.add(
          GenerationReport.of(
              required(g, "name").getAsString(),
              required(g, "runSeed").getAsLong(),
              required(g, "seed").getAsLong(),
              number(g, metric.testField()),
              number(g, metric.validationField()),
              epochs));
    }
    List<EnsembleReport> ensembles = new ArrayList<>();
    for (JsonElement element : required(root, "ensembles").getAsJsonArray()) {
      JsonObject e = element.getAsJsonObject();
      List<String> members = new ArrayList<>();
      required(e, "members").getAsJsonArray().forEach(m -> members.add(m.getAsString()));
      ensembles.add(
          new EnsembleReport(
              required(e, "name").getAsString(),
              required(e, "runSeed").getAsLong(),
              ImmutableList.copyOf(members),
              number(e, metric.testField())));
    }
    List<StopReport> stops = new ArrayList<>();
    if (root.has("generationStops")) {
      for (JsonElement element : root.getAsJsonArray("generationStops")) {
        JsonObject s = element.getAsJsonObject();
        stops.add(
            new StopReport(
                required(s, "runSeed").getAsLong(),
                required(s, "lastTrained").getAsString(),
                required(s, "best").getAsString(),
                number(s, metric.validationField()),
                required(s, "reason").getAsString()));
      }
    }
    List<String> notes = new ArrayList<>();
    required(root, "notes").getAsJsonArray().forEach(n -> notes.add(n.getAsString()));
    Map<String, String> settings = new TreeMap<>();
    if (root.has("settings")) {
      root.getAsJsonObject("settings")
          .entrySet()
          .forEach(entry -> settings.put(entry.getKey(), entry.getValue().getAsString()));
    }
    return new RunReport(
        required(root, "dataset").getAsString(),
        required(root, "model").getAsString(),
        required(root, "loss").getAsString(),
        metric,
        ImmutableList.copyOf(seeds),
        ImmutableList.copyOf(generations),
        ImmutableList.copyOf(ensembles),
        ImmutableList.copyOf(notes),
        ImmutableList.copyOf(stops),
        ImmutableSortedMap.copyOf(settings));
  }

  private static JsonElement required(JsonObject object, String field) {
    JsonElement value = object.get(field);
    if (value == null || value.isJsonNull()) {
      throw new IllegalArgumentException("missing field '" + field + "' in " + abbreviate(object));
    }
    return value;
  }

  /** A number that may be NaN (written as such for a value not measured). */
  private static double number(JsonObject object, String field) {
    // Gson reads a bare NaN as a string primitive, whose getAsDouble parses it.
    return required(object, field).getAsDouble();
  }

  private static String abbreviate(JsonObject object) {
    String text = object.toString();
    return text.length() > 120 ? text.substring(0, 120) + "..." : text;
  }
}
