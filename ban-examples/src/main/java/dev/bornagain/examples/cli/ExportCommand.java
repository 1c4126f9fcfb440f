package dev.bornagain.examples.cli;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.bornagain.core.Generation;
import dev.bornagain.core.IndependentBaselines;
import dev.bornagain.core.KeptEpoch;
import dev.bornagain.core.checkpoint.CheckpointDirectory;
import dev.bornagain.core.ensemble.ModelExport;
import dev.bornagain.core.train.ParameterSnapshot;
import dev.bornagain.examples.pipeline.BornAgainPipeline;
import dev.bornagain.examples.pipeline.PipelineSettings;
import dev.bornagain.examples.pipeline.RunModel;
import dev.bornagain.examples.report.Metric;
import dev.bornagain.examples.report.ReportWriter;
import dev.bornagain.models.catalogue.ModelCatalogue;
import dev.bornagain.models.serving.ExportedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ban export}: one network or ensemble of a finished run as a model directory that DJL's
 * {@code Criteria} and DJL Serving load without this library (see {@link ExportedModel}).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Exports a network or ensemble of a run as a DJL model directory (Model.save parameters,"
            + " serving.properties, synset.txt) that DJL's Criteria loads and predicts with, no"
            + " translator named; DJL Serving's Input/Output contract is tested, its server not."
            + " A language model loads as NDList in and out: token ids (batch, time), the lines"
            + " of synset.txt, in; next-word probabilities out, each call from a zero state.")
final class ExportCommand implements Callable<Integer> {

  private static final Pattern ENSEMBLE = Pattern.compile("Ens\\*(\\d+|auto)(\\+T)?");
  private static final Pattern STUDENT = Pattern.compile("BAN-(\\d+)");
  private static final Pattern INDEPENDENT = Pattern.compile("Ind-(\\d+)");
  private static final Pattern INDEPENDENT_ENSEMBLE = Pattern.compile("Ind\\*(\\d+)");
  private static final Pattern DISTILLED_FROM_INDEPENDENT = Pattern.compile("KD\\(Ind\\*(\\d+)\\)");

  @Spec private CommandSpec spec;

  @Option(names = "--run", required = true, paramLabel = "DIR", description = "A run's --output.")
  Path run;

  @Option(names = "--seed", required = true, paramLabel = "S", description = "The run's seed.")
  long seed;

  @Option(
      names = "--member",
      required = true,
      paramLabel = "NAME",
      description =
          "teacher, BAN-k, Ens*k (BAN-1..k), Ens*k+T (with the teacher), distilled, for a run"
              + " with --generations auto Ens*auto / Ens*auto+T (every student the seed trained),"
              + " and for a run with --baseline independent Ind-m, Ind*m (the teacher and"
              + " Ind-2..Ind-m) or KD(Ind*m).")
  String member;

  @Option(
      names = "--epoch",
      paramLabel = "EPOCH",
      defaultValue = "last",
      description =
          "last, or best-validation (runs made with --keep best-validation) (default:"
              + " ${DEFAULT-VALUE}).")
  String epoch;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "New model dir.")
  Path output;

  @Override
  public Integer call() {
    return CommandFailures.run(
        spec,
        () -> {
          KeptEpoch kept = CommandFailures.checkInput(() -> KeptEpochNames.parse(epoch));
          RunModel model = RunModel.read(run);
          JsonObject report = readReport();
          List<Integer> generations = CommandFailures.checkInput(() -> members(model, report));
          Path checkpoints = PipelineSettings.checkpointDirectory(run, seed);
          List<String> names = new ArrayList<>();
          List<String> epochs = new ArrayList<>();
          List<ParameterSnapshot> parameters = new ArrayList<>();
          for (int index : generations) {
            String name = nameOf(index, model.generations());
            names.add(name);
            // The report first: it names a generation a run with --generations auto never trained.
            epochs.add(describeEpoch(report, name, kept));
            parameters.add(ParameterSnapshot.ofFile(file(checkpoints, index, kept)));
          }
          ExportedModel description =
              new ExportedModel(
                  model.preset(),
                  model.classes(),
                  ModelCatalogue.get(model.preset()).sampleInputShape().slice(1),
                  ImmutableList.copyOf(names),
                  ImmutableList.copyOf(epochs),
                  ImmutableList.copyOf(model.classNames()),
                  ImmutableList.copyOf(model.mean()),
                  ImmutableList.copyOf(model.std()));
          ModelExport.write(output, description, parameters);
          PrintWriter out = spec.commandLine().getOut();
          out.printf("Exported %s of seed %d to %s:%n", member, seed, output.toAbsolutePath());
          for (int i = 0; i < names.size(); i++) {
            out.printf("  %s: %s%n", names.get(i), epochs.get(i));
          }
          out.flush();
          return 0;
        });
  }

  /** The name of the network in a checkpoint slot, for a run of at most N students. */
  private static String nameOf(int index, int students) {
    if (index <= students) {
      return Generation.nameOf(index);
    }
    if (index == students + 1) {
      return Generation.DISTILLED_NAME;
    }
    return IndependentBaselines.nameAt(students, index);
  }

  /** The generation indices a member name stands for. */
  private List<Integer> members(RunModel model, JsonObject report) {
    int students = model.generations();
    Matcher ensemble = ENSEMBLE.matcher(member);
    Matcher student = STUDENT.matcher(member);
    Matcher independent = INDEPENDENT.matcher(member);
    Matcher independentEnsemble = INDEPENDENT_ENSEMBLE.matcher(member);
    Matcher distilledFromIndependent = DISTILLED_FROM_INDEPENDENT.matcher(member);
    List<Integer> indices = new ArrayList<>();
    if (independent.matches()) {
      indices.add(
          IndependentBaselines.independentIndex(
              students, checkIndependent(Integer.parseInt(independent.group(1)), students + 1)));
    } else if (independentEnsemble.matches()) {
      int m = checkIndependent(Integer.parseInt(independentEnsemble.group(1)), students + 1);
      indices.add(0);
      for (int i = 2; i <= m; i++) {
        indices.add(IndependentBaselines.independentIndex(students, i));
      }
    } else if (distilledFromIndependent.matches()) {
      indices.add(
          IndependentBaselines.distilledIndex(
              students,
              checkIndependent(Integer.parseInt(distilledFromIndependent.group(1)), students)));
    } else if (member.equals("teacher")) {
      indices.add(0);
    } else if (member.equals("distilled")) {
      indices.add(students + 1);
    } else if (student.matches()) {
      indices.add(checkStudents(Integer.parseInt(student.group(1)), students));
    } else if (ensemble.matches()) {
      int k =
          ensemble.group(1).equals(BornAgainPipeline.AUTO)
              ? studentsTrained(report)
              : checkStudents(Integer.parseInt(ensemble.group(1)), students);
      if (ensemble.group(2) != null) {
        indices.add(0);
      }
      for (int i = 1; i <= k; i++) {
        indices.add(i);
      }
    } else {
      throw new IllegalArgumentException(
          "unknown member '"
              + member
              + "'; use teacher, BAN-k, Ens*k, Ens*k+T, Ens*auto+T, distilled, Ind-m, Ind*m or"
              + " KD(Ind*m)");
    }
    return indices;
  }

  private int checkIndependent(int m, int most) {
    if (m < 2 || m > most) {
      throw new IllegalArgumentException(
          "member "
              + member
              + " needs m in [2, "
              + most
              + "] for this run (the teacher is Ind-1; a run with --baseline independent and N"
              + " generations trains Ind-2..Ind-(N+1) and KD(Ind*2)..KD(Ind*N))");
    }
    return m;
  }

  private int checkStudents(int k, int students) {
    if (k < 1 || k > students) {
      throw new IllegalArgumentException(
          "member " + member + " needs students 1.." + k + " but the run has " + students);
    }
    return k;
  }

  /** Reads the run's report, which names the generations each seed trained. */
  private JsonObject readReport() throws IOException {
    Path report = run.resolve(ReportWriter.JSON);
    if (!Files.isRegularFile(report)) {
      throw new IOException("no " + report + ": export needs a finished run");
    }
    try {
      return JsonParser.parseString(Files.readString(report, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (RuntimeException e) {
      throw new IOException("cannot read " + report + ": " + e.getMessage(), e);
    }
  }

  /** The students this seed trained in a run that chose its generations on validation. */
  private int studentsTrained(JsonObject report) {
    if (report.has("generationStops")) {
      for (JsonElement element : report.getAsJsonArray("generationStops")) {
        JsonObject stop = element.getAsJsonObject();
        if (stop.get("runSeed").getAsLong() == seed) {
          Matcher last = STUDENT.matcher(stop.get("lastTrained").getAsString());
          checkArgument(last.matches(), "unexpected lastTrained in %s: %s", run, stop);
          return Integer.parseInt(last.group(1));
        }
      }
    }
    throw new IllegalArgumentException(
        "member "
            + member
            + " is for runs made with --generations auto, but the report in "
            + run
            + " has no generation stop for seed "
            + seed);
  }

  /** Which epoch a generation's kept parameters are, from the run's report. */
  private String describeEpoch(JsonObject root, String name, KeptEpoch kept) throws IOException {
    Path report = run.resolve(ReportWriter.JSON);
    for (JsonElement element : root.getAsJsonArray("generations")) {
      JsonObject generation = element.getAsJsonObject();
      if (generation.get("name").getAsString().equals(name)
          && generation.get("runSeed").getAsLong() == seed) {
        // The epoch the run kept: the lowest validation error, or perplexity for language models.
        Metric metric =
            root.has("metric")
                ? Metric.valueOf(root.get("metric").getAsString())
                : Metric.ERROR_PERCENT;
        JsonArray epochs = generation.getAsJsonArray("epochs");
        int best = 0;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int e = 0; e < epochs.size(); e++) {
          JsonElement value = epochs.get(e).getAsJsonObject().get(metric.validationField());
          if (value != null && !value.isJsonNull() && value.getAsDouble() < bestValue) {
            bestValue = value.getAsDouble();
            best = e;
          }
        }
        return metric == Metric.PERPLEXITY
            ? kept.describe(
                epochs.size(),
                best,
                String.format(Locale.ROOT, "validation perplexity %.2f", bestValue))
            : kept.describe(epochs.size(), best, bestValue);
      }
    }
    throw new IOException(
        report
            + " has no generation "
            + name
            + " of seed "
            + seed
            + (root.has("generationStops")
                ? " (the run chose its generations on validation; its generationStops say where"
                    + " each seed stopped)"
                : ""));
  }

  private Path file(Path checkpoints, int generation, KeptEpoch kept) throws IOException {
    Path finished = CheckpointDirectory.finishedParameters(checkpoints, generation);
    Path file =
        kept == KeptEpoch.LAST
            ? finished
            : CheckpointDirectory.bestParameters(checkpoints, generation);
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          "no "
              + (kept == KeptEpoch.LAST ? "finished" : "best-validation")
              + " parameters of generation "
              + generation
              + " in "
              + checkpoints
              + " ("
              + file.getFileName()
              + (kept == KeptEpoch.LAST
                  ? "): is the run finished, and is this its seed?"
                  : "): was the run made with --keep best-validation?"));
    }
    return file;
  }
}
