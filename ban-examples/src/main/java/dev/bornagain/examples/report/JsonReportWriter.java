package dev.bornagain.examples.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.bornagain.core.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes {@code report.json}: dataset, model, loss, seeds, every generation of every seed with its
 * learning curve, every ensemble, and where each seed stopped adding generations when the run chose
 * how many ({@code generationStops}), and the settings the numbers depend on ({@code settings}),
 * which {@link JsonReportReader} reads back. Errors are in percent; language models report
 * perplexities under {@code testPerplexity} and {@code validationPerplexity} instead.
 */
public final class JsonReportWriter {

  /** Returns the report as JSON text. */
  public String toJson(RunReport report) {
    Metric metric = report.metric();
    JsonObject root = new JsonObject();
    root.addProperty("dataset", report.dataset());
    root.addProperty("model", report.model());
    root.addProperty("loss", report.loss());
    root.addProperty("metric", metric.name());
    JsonArray seeds = new JsonArray();
    report.seeds().forEach(seeds::add);
    root.add("seeds", seeds);
    if (!report.settings().isEmpty()) {
      JsonObject settings = new JsonObject();
      report.settings().forEach(settings::addProperty);
      root.add("settings", settings);
    }

    JsonArray generations = new JsonArray();
    for (GenerationReport generation : report.generations()) {
      JsonObject g = new JsonObject();
      g.addProperty("name", generation.name());
      g.addProperty("runSeed", generation.runSeed());
      g.addProperty("seed", generation.seed());
      g.addProperty(metric.testField(), generation.test());
      g.addProperty(metric.validationField(), generation.validation());
      JsonArray epochs = new JsonArray();
      for (EpochReport epoch : generation.epochs()) {
        JsonObject e = new JsonObject();
        e.addProperty("epoch", epoch.epoch());
        e.addProperty("trainLoss", epoch.trainLoss());
        e.addProperty(metric.validationField(), epoch.validation());
        e.addProperty("learningRate", epoch.learningRate());
        epochs.add(e);
      }
      g.add("epochs", epochs);
      generations.add(g);
    }
    root.add("generations", generations);

    JsonArray ensembles = new JsonArray();
    for (EnsembleReport ensemble : report.ensembles()) {
      JsonObject e = new JsonObject();
      e.addProperty("name", ensemble.name());
      e.addProperty("runSeed", ensemble.runSeed());
      JsonArray members = new JsonArray();
      ensemble.members().forEach(members::add);
      e.add("members", members);
      e.addProperty(metric.testField(), ensemble.test());
      ensembles.add(e);
    }
    root.add("ensembles", ensembles);
    if (!report.stops().isEmpty()) {
      JsonArray stops = new JsonArray();
      for (StopReport stop : report.stops()) {
        JsonObject s = new JsonObject();
        s.addProperty("runSeed", stop.runSeed());
        s.addProperty("lastTrained", stop.lastTrained());
        s.addProperty("best", stop.best());
        s.addProperty(metric.validationField(), stop.bestValidation());
        s.addProperty("reason", stop.reason());
        stops.add(s);
      }
      root.add("generationStops", stops);
    }
    JsonArray notes = new JsonArray();
    report.notes().forEach(notes::add);
    root.add("notes", notes);
    return new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
  }

  /** Writes the report atomically to {@code file}. */
  public void write(RunReport report, Path file) throws IOException {
    AtomicFiles.writeString(file, toJson(report));
  }
}
