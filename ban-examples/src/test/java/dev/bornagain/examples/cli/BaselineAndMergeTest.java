package dev.bornagain.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --baseline independent} and {@code ban report merge} end to end, on tiny demo runs: the
 * equal-compute columns and notes, and shards of seeds merged into the report that one process
 * running every seed writes.
 */
final class BaselineAndMergeTest {

  @TempDir Path temp;

  /** A run of one epoch on 128 images, evaluated on 100. */
  private static CommandRun tinyDemo(Path output, String seeds, String... extra) {
    List<String> run =
        List.of(
            CommandRun.with(
                CommandRun.DEMO_128, "--seeds", seeds, "--quiet", "--output", output.toString()));
    return CommandRun.of(run, extra);
  }

  private static Set<String> columns(JsonObject report, String kind) {
    Set<String> names = new LinkedHashSet<>();
    for (JsonElement element : report.getAsJsonArray(kind)) {
      names.add(element.getAsJsonObject().get("name").getAsString());
    }
    return names;
  }

  @Test
  void baselineIndependent_addsTheEqualComputeColumnsAndTheirVerdict() throws IOException {
    Path output = temp.resolve("run");
    CommandRun run = tinyDemo(output, "1,2", "--baseline", "independent");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonObject report = CommandRun.report(output);
    assertThat(columns(report, "generations"))
        .containsExactly("teacher", "BAN-1", "BAN-2", "Ind-2", "Ind-3", "KD(Ind*2)");
    assertThat(columns(report, "ensembles"))
        .containsExactlyInAnyOrder("Ens*2", "Ens*1+T", "Ens*2+T", "Ind*2", "Ind*3");
    for (JsonElement element : report.getAsJsonArray("ensembles")) {
      JsonObject ensemble = element.getAsJsonObject();
      if (ensemble.get("name").getAsString().equals("Ind*3")) {
        assertThat(ensemble.getAsJsonArray("members").toString())
            .isEqualTo("[\"teacher\",\"Ind-2\",\"Ind-3\"]");
      }
    }
    String notes = report.getAsJsonArray("notes").toString();
    assertThat(notes)
        .contains("Equal compute, BAN-2: ")
        .contains("minus its own seed's KD(Ind*2)")
        .contains("Equal compute, Ens*2+T: ")
        .contains("minus its own seed's Ind*3")
        .contains("At equal compute (BAN-2 vs KD(Ind*2), Ens*1+T vs Ind*2, Ens*2+T vs Ind*3)");
    assertThat(report.getAsJsonObject("settings").get("baseline").getAsString())
        .isEqualTo("independent");
    assertThat(Files.readString(output.resolve("report.md"), StandardCharsets.UTF_8))
        .contains("| KD(Ind*2) |")
        .contains("| Ind*3 |");

    // The rivals ship like the generations.
    assertThat(exportedMembers(output, "KD(Ind*2)")).isEqualTo("KD(Ind*2)");
    assertThat(exportedMembers(output, "Ind*3")).isEqualTo("teacher,Ind-2,Ind-3");
    CommandRun beyond = CommandRun.export(output, 1, "Ind-4", temp.resolve("ind-4"));
    assertThat(beyond.exitCode()).isEqualTo(2);
    assertThat(beyond.err()).contains("member Ind-4 needs m in [2, 3]");
  }

  /** Exports one member of seed 1 and returns the members its serving.properties lists. */
  private String exportedMembers(Path run, String member) throws IOException {
    Path model = temp.resolve("export-" + member.replaceAll("[^A-Za-z0-9]", "_"));
    CommandRun export = CommandRun.export(run, 1, member, model);
    assertThat(export.exitCode()).as(export.err()).isZero();
    return Files.readAllLines(model.resolve("serving.properties"), StandardCharsets.UTF_8).stream()
        .filter(line -> line.contains("members="))
        .map(line -> line.substring(line.indexOf('=') + 1).trim())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void baselineWithGenerationsAuto_pairsEachSeedsWholeEnsembleWithItsIndependentEnsemble()
      throws IOException {
    Path output = temp.resolve("auto");
    CommandRun run =
        tinyDemo(
            output,
            "1,2",
            "--generations",
            "auto",
            "--max-generations",
            "2",
            "--baseline",
            "independent");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonObject report = CommandRun.report(output);
    assertThat(columns(report, "ensembles")).contains("Ens*auto+T", "Ind*auto");
    for (JsonElement element : report.getAsJsonArray("ensembles")) {
      JsonObject ensemble = element.getAsJsonObject();
      if (ensemble.get("name").getAsString().equals("Ind*auto")) {
        long seed = ensemble.get("runSeed").getAsLong();
        long students =
            report.getAsJsonArray("generations").asList().stream()
                .map(JsonElement::getAsJsonObject)
                .filter(g -> g.get("runSeed").getAsLong() == seed)
                .filter(g -> g.get("name").getAsString().startsWith("BAN-"))
                .count();
        // As many networks as the seed's whole born-again ensemble: the teacher and its students.
        assertThat(ensemble.getAsJsonArray("members")).hasSize((int) students + 1);
      }
    }
    assertThat(report.getAsJsonArray("notes").toString())
        .contains("Equal compute, Ens*auto+T: ")
        .contains("minus its own seed's Ind*auto");
  }

  @Test
  void merge_ofShardsReproducesTheSingleProcessReport() throws IOException {
    Path whole = temp.resolve("whole");
    Path first = temp.resolve("seed-1");
    Path second = temp.resolve("seeds-2-3");
    Path merged = temp.resolve("merged");
    assertThat(tinyDemo(whole, "1,2,3").exitCode()).isZero();
    assertThat(tinyDemo(first, "1").exitCode()).isZero();
    assertThat(tinyDemo(second, "2,3").exitCode()).isZero();

    CommandRun merge = CommandRun.merge(merged, first, second);

    assertThat(merge.exitCode()).as(merge.err()).isZero();
    assertThat(merge.out()).contains("mean ± std over seeds [1, 2, 3]");
    assertThat(Files.readString(merged.resolve("report.json"), StandardCharsets.UTF_8))
        .isEqualTo(Files.readString(whole.resolve("report.json"), StandardCharsets.UTF_8));
    assertThat(Files.readString(merged.resolve("report.md"), StandardCharsets.UTF_8))
        .isEqualTo(Files.readString(whole.resolve("report.md"), StandardCharsets.UTF_8));
    try (Stream<Path> files = Files.list(merged)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .contains("report.json", "report.md", "generations.png");
    }
  }

  @Test
  void merge_acceptsShardsWhoseTeachersComeFromShardsOfOneRun_butNotFromAnotherRecipe()
      throws IOException {
    Path teachers1 = temp.resolve("teachers-1");
    Path teachers2 = temp.resolve("teachers-2");
    Path otherRecipe = temp.resolve("teachers-2-lr");
    assertThat(tinyDemo(teachers1, "1").exitCode()).isZero();
    assertThat(tinyDemo(teachers2, "2").exitCode()).isZero();
    assertThat(tinyDemo(otherRecipe, "2", "--lr", "0.05").exitCode()).isZero();
    Path students1 = temp.resolve("students-1");
    Path students2 = temp.resolve("students-2");
    Path studentsOther = temp.resolve("students-2-other");
    String[] cwtm = {"--loss", "cwtm", "--generations", "1", "--teacher-from"};
    assertThat(tinyDemo(students1, "1", with(cwtm, teachers1)).exitCode()).isZero();
    // Shard 2 starts while its teacher run would still be training students: no report.json yet,
    // its model.json describes the run just as well.
    Files.delete(teachers2.resolve("report.json"));
    assertThat(tinyDemo(students2, "2", with(cwtm, teachers2)).exitCode()).isZero();
    assertThat(tinyDemo(studentsOther, "2", with(cwtm, otherRecipe)).exitCode()).isZero();

    CommandRun merged = CommandRun.merge(temp.resolve("m"), students1, students2);
    assertThat(merged.exitCode()).as(merged.err()).isZero();
    assertThat(Files.readString(temp.resolve("m").resolve("report.md"), StandardCharsets.UTF_8))
        .contains(
            "the teachers are reused from " + teachers1 + " (seed 1), " + teachers2 + " (seed 2)");
    // Each shard scored its own seed's reused teacher; the merged report names both.
    String shard1 = reusedTeachersNote(students1);
    String shard2 = reusedTeachersNote(students2);
    String both = reusedTeachersNote(temp.resolve("m"));
    assertThat(shard1).contains("(seed 1: ").doesNotContain("seed 2");
    assertThat(both)
        .contains(shard1.substring(shard1.indexOf("(seed 1: ") + 1, shard1.length() - 2))
        .contains(", " + shard2.substring(shard2.indexOf("(seed 2: ") + 1));
    CommandRun refused = CommandRun.merge(temp.resolve("m2"), students1, studentsOther);
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).contains("teacherFrom: the teachers of a run with");
  }

  /** The note of a run's report.json on the validation values of its reused teachers. */
  private static String reusedTeachersNote(Path run) throws IOException {
    JsonObject report =
        JsonParser.parseString(Files.readString(run.resolve("report.json"), StandardCharsets.UTF_8))
            .getAsJsonObject();
    return report.getAsJsonArray("notes").asList().stream()
        .map(JsonElement::getAsString)
        .filter(note -> note.startsWith("The reused teachers' validation"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no note on the reused teachers in " + run));
  }

  private static String[] with(String[] options, Path value) {
    String[] all = java.util.Arrays.copyOf(options, options.length + 1);
    all[options.length] = value.toString();
    return all;
  }

  @Test
  void merge_refusesRunsWhoseSettingsDifferOrWhoseSeedsRepeat() throws IOException {
    Path first = temp.resolve("seed-1");
    Path other = temp.resolve("seed-2-lr");
    Path again = temp.resolve("seed-1-again");
    assertThat(tinyDemo(first, "1").exitCode()).isZero();
    assertThat(tinyDemo(other, "2", "--lr", "0.05").exitCode()).isZero();
    assertThat(tinyDemo(again, "1").exitCode()).isZero();

    CommandRun differing = CommandRun.merge(temp.resolve("m1"), first, other);
    assertThat(differing.exitCode()).isNotZero();
    assertThat(differing.err())
        .contains("different settings")
        .contains("optimizer: ")
        .contains("learningRate=0.1")
        .contains("learningRate=0.05");
    assertThat(temp.resolve("m1").resolve("report.json")).doesNotExist();

    CommandRun repeated = CommandRun.merge(temp.resolve("m2"), first, again);
    assertThat(repeated.exitCode()).isNotZero();
    assertThat(repeated.err()).contains("seed 1 is in both");
  }
}
