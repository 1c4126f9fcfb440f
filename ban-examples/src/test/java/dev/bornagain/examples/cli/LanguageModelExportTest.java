package dev.bornagain.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.bornagain.datasets.DownloadPolicy;
import dev.bornagain.datasets.SharedData;
import dev.bornagain.datasets.text.PennTreebankCorpus;
import dev.bornagain.models.serving.ExportedModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ban export} of a Penn Treebank language model: a directory that plain DJL loads with
 * {@code NDList} in and out, the vocabulary beside it, every call read from a zero state.
 */
final class LanguageModelExportTest {

  private static final double TOLERANCE = 1e-6;

  /**
   * Token ids in, for every sequence the probabilities of the next word after its last token and
   * the sum of every position's probabilities out; the model loaded as DJL's documentation teaches.
   */
  private static final String PROGRAM =
      """
      import ai.djl.inference.Predictor;
      import ai.djl.ndarray.NDArray;
      import ai.djl.ndarray.NDList;
      import ai.djl.ndarray.NDManager;
      import ai.djl.ndarray.types.Shape;
      import ai.djl.repository.zoo.Criteria;
      import ai.djl.repository.zoo.ZooModel;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.util.Arrays;
      import java.util.List;
      import java.util.Locale;
      import java.util.stream.Collectors;

      public final class PredictTokens {
        public static void main(String[] args) throws Exception {
          Path dir = Path.of(args[0]);
          List<String> vocabulary = Files.readAllLines(dir.resolve("synset.txt"));
          Criteria<NDList, NDList> criteria = Criteria.builder()
              .setTypes(NDList.class, NDList.class).optModelPath(dir).build();
          try (ZooModel<NDList, NDList> model = criteria.loadModel();
              Predictor<NDList, NDList> predictor = model.newPredictor();
              NDManager manager = NDManager.newBaseManager()) {
            for (int i = 1; i < args.length; i++) {
              long[] ids = Arrays.stream(args[i].split(" ")).mapToLong(w -> vocabulary.indexOf(w))
                  .toArray();
              NDArray tokens = manager.create(ids, new Shape(1, ids.length));
              NDArray probabilities = predictor.predict(new NDList(tokens)).singletonOrThrow();
              float[] last = probabilities.get("0, -1, :").toFloatArray();
              String row = java.util.stream.IntStream.range(0, last.length)
                  .mapToObj(c -> String.format(Locale.ROOT, "%.9e", last[c]))
                  .collect(Collectors.joining(","));
              System.out.println("SEQUENCE\\t" + args[i] + "\\t" + probabilities.getShape() + "\\t"
                  + String.format(Locale.ROOT, "%.6f", probabilities.sum().getFloat()) + "\\t" + row);
            }
          }
        }
      }
      """;

  @TempDir static Path temp;

  private static Path run;
  private static PennTreebankCorpus corpus;

  @BeforeAll
  static void trainATinyLanguageModel() throws Exception {
    Path ptb = SharedData.folder("ptb");
    corpus = PennTreebankCorpus.load(ptb, DownloadPolicy.OFFLINE);
    run = temp.resolve("run");
    CommandRun training =
        CommandRun.of(
            CommandRun.ptbFewBatches(ptb, 400),
            "--generations",
            "1",
            "--epochs",
            "2",
            "--keep",
            "best-validation",
            "--seeds",
            "1",
            "--output",
            run.toString(),
            "--quiet");
    assertThat(training.exitCode()).as(training.err()).isZero();
  }

  @Test
  void plainDjl_withoutBanCore_loadsNdListInAndOut_withTheVocabulary_fromAZeroStateEveryCall()
      throws Exception {
    Path teacher = ExportPredictCommandsTest.export(run, "teacher", temp.resolve("lm-teacher"));
    Path ensemble = ExportPredictCommandsTest.export(run, "Ens*1+T", temp.resolve("lm-ens"));

    // The vocabulary, one word per id, and no image translator.
    assertThat(Files.readAllLines(teacher.resolve(ExportedModel.SYNSET), StandardCharsets.UTF_8))
        .containsExactlyElementsOf(corpus.vocabulary().words());
    assertThat(ExportedModel.readArguments(teacher))
        .doesNotContainKeys("application", "flag", "width", "translatorFactory");

    String first = "the company said it";
    String second = "mr. <unk> is";
    Path plain = temp.resolve("plain-tokens");
    PlainDjlJvm.compile(plain, "PredictTokens", PROGRAM);
    for (Path model : List.of(teacher, ensemble)) {
      // The first sequence again after another: a state carried between calls would change it.
      List<String[]> answers =
          PlainDjlJvm.run(plain, "PredictTokens", List.of(model.toString(), first, second, first))
              .lines()
              .filter(line -> line.startsWith("SEQUENCE\t"))
              .map(line -> line.split("\t"))
              .toList();
      assertThat(answers).as("%s", model).hasSize(3);
      for (String[] answer : answers) {
        int words = answer[1].split(" ").length;
        assertThat(answer[2]).isEqualTo(new Shape(1, words, 10_000).toString());
        // Probabilities: every position's row sums to 1.
        assertThat(Double.parseDouble(answer[3])).isCloseTo(words, within(1e-3));
      }
      double[] served = probabilities(answers.get(0));
      assertThat(maxDifference(served, probabilities(answers.get(2))))
          .as("%s: the same text, asked again after another, is answered the same", model)
          .isZero();

      List<String> members = model == teacher ? List.of("teacher") : List.of("teacher", "BAN-1");
      float[] expected = reference(members, first);
      assertThat(served).hasSize(10_000);
      for (int word = 0; word < served.length; word++) {
        assertThat(served[word])
            .as("%s, word %s", model, word)
            .isCloseTo(expected[word], within(TOLERANCE));
      }
    }
  }

  @Test
  void exportedLanguageModel_refusesIdsOutsideTheVocabulary_andImagesByName() throws Exception {
    Path teacher = ExportPredictCommandsTest.export(run, "teacher", temp.resolve("lm-refuse"));
    Criteria<NDList, NDList> criteria =
        Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(teacher).build();
    try (ZooModel<NDList, NDList> model = criteria.loadModel();
        Predictor<NDList, NDList> predictor = model.newPredictor();
        NDManager manager = NDManager.newBaseManager()) {
      NDArray tooLarge = manager.create(new long[] {1, 10_000}, new Shape(1, 2));
      assertThatThrownBy(() -> predictor.predict(new NDList(tooLarge)))
          .isInstanceOf(TranslateException.class)
          .rootCause()
          .hasMessageContaining("token ids must be in [0, 10000) (the lines of synset.txt)")
          .hasMessageContaining("ranged from 1 to 10000");
      NDArray image = manager.zeros(new Shape(1, 1, 28, 28));
      assertThatThrownBy(() -> predictor.predict(new NDList(image)))
          .rootCause()
          .hasMessageContaining("token ids of shape (batch, time)");
      NDArray floats = manager.create(new float[] {1, 2}, new Shape(1, 2));
      assertThatThrownBy(() -> predictor.predict(new NDList(floats)))
          .rootCause()
          .hasMessageContaining("integer token ids");
    }
  }

  @Test
  void bestValidationEpoch_ofALanguageModel_isItsLowestValidationPerplexity() throws Exception {
    Path model = temp.resolve("lm-best");
    CommandRun export = CommandRun.export(run, 1, "teacher", model, "--epoch", "best-validation");
    assertThat(export.exitCode()).as(export.err()).isZero();
    JsonObject teacher =
        JsonParser.parseString(Files.readString(run.resolve("report.json")))
            .getAsJsonObject()
            .getAsJsonArray("generations")
            .get(0)
            .getAsJsonObject();
    assertThat(teacher.get("name").getAsString()).isEqualTo("teacher");
    double[] perplexities =
        teacher.getAsJsonArray("epochs").asList().stream()
            .mapToDouble(e -> e.getAsJsonObject().get("validationPerplexity").getAsDouble())
            .toArray();
    int best = perplexities[1] < perplexities[0] ? 1 : 0;
    assertThat(export.out())
        .contains(
            String.format(
                Locale.ROOT,
                "teacher: best validation epoch (%d of 2, validation perplexity %.2f)",
                best + 1,
                perplexities[best]));
  }

  @Test
  void concurrentPredictorsOfOneLoadedModel_takeTurns_andAnswerAsIfAlone() throws Exception {
    Path teacher = ExportPredictCommandsTest.export(run, "teacher", temp.resolve("lm-threads"));
    Criteria<NDList, NDList> criteria =
        Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(teacher).build();
    try (ZooModel<NDList, NDList> model = criteria.loadModel()) {
      // Two workers of one model (as DJL Serving runs them), each asking its own text again and
      // again; a state shared between them would leak one text's words into the other's answer.
      List<long[]> texts =
          List.of(ids("the company said it will"), ids("mr. <unk> is a director of"));
      List<float[]> alone = new ArrayList<>();
      for (long[] text : texts) {
        alone.add(predictLast(model, text, 1).get(0));
      }
      ExecutorService workers = Executors.newFixedThreadPool(texts.size());
      try {
        List<Future<List<float[]>>> answers = new ArrayList<>();
        for (long[] text : texts) {
          answers.add(workers.submit(() -> predictLast(model, text, 40)));
        }
        for (int t = 0; t < texts.size(); t++) {
          for (float[] answer : answers.get(t).get()) {
            float[] expected = alone.get(t);
            double difference = 0;
            for (int word = 0; word < expected.length; word++) {
              difference = Math.max(difference, Math.abs(answer[word] - expected[word]));
            }
            // Threads may round differently (5.6e-9 seen); a shared state moved a word by 4.9e-3.
            assertThat(difference).as("text %s, asked beside the other", t).isLessThan(TOLERANCE);
          }
        }
      } finally {
        workers.shutdownNow();
      }
    }
  }

  private static long[] ids(String text) {
    return Arrays.stream(text.split(" ")).mapToLong(w -> corpus.vocabulary().id(w)).toArray();
  }

  /** The probabilities after the last word of {@code ids}, asked {@code times} by one predictor. */
  private static List<float[]> predictLast(ZooModel<NDList, NDList> model, long[] ids, int times)
      throws TranslateException {
    List<float[]> answers = new ArrayList<>();
    try (Predictor<NDList, NDList> predictor = model.newPredictor();
        NDManager manager = NDManager.newBaseManager()) {
      for (int i = 0; i < times; i++) {
        NDArray tokens = manager.create(ids, new Shape(1, ids.length));
        answers.add(
            predictor
                .predict(new NDList(tokens))
                .singletonOrThrow()
                .get("0, -1, :")
                .toFloatArray());
      }
    }
    return answers;
  }

  private static double[] probabilities(String[] answer) {
    return Arrays.stream(answer[4].split(",")).mapToDouble(Double::parseDouble).toArray();
  }

  private static double maxDifference(double[] a, double[] b) {
    assertThat(a).hasSameSizeAs(b);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  /**
   * The mean of the members' softmaxes after the last word of {@code text}, each member loaded from
   * its training checkpoint and run from a zero state in this JVM.
   */
  private static float[] reference(List<String> members, String text) throws Exception {
    long[] ids = ids(text);
    float[] mean = new float[10_000];
    try (NDManager manager = NDManager.newBaseManager()) {
      for (String member : members) {
        NDArray tokens = manager.create(ids, new Shape(1, ids.length));
        float[] all =
            ExportPredictCommandsTest.trainingProbabilities(
                member, run, "lstm-2x200", 10_000, new NDList(tokens), manager);
        int last = (ids.length - 1) * 10_000;
        for (int word = 0; word < mean.length; word++) {
          mean[word] += all[last + word] / members.size();
        }
      }
    }
    return mean;
  }
}
