package dev.bornagain.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;

/**
 * A JVM that holds DJL, the PyTorch engine and ban-models but none of the training library, and
 * loads an exported model the way DJL's documentation teaches: {@code Criteria} with the types and
 * the model path, no translator named. For every image file it answers twice: {@code Image} to
 * {@code Classifications} from {@code ImageFactory}, and DJL Serving's {@code Input} (the file's
 * bytes) to {@code Output} (DJL's JSON classifications).
 */
final class PlainDjlJvm {

  private static final String PROGRAM =
      """
      import ai.djl.inference.Predictor;
      import ai.djl.modality.Classifications;
      import ai.djl.modality.Input;
      import ai.djl.modality.Output;
      import ai.djl.modality.cv.Image;
      import ai.djl.modality.cv.ImageFactory;
      import ai.djl.repository.zoo.Criteria;
      import ai.djl.repository.zoo.ZooModel;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.util.Locale;

      public final class PredictPlain {
        public static void main(String[] args) throws Exception {
          Path dir = Path.of(args[0]);
          Criteria<Image, Classifications> images = Criteria.builder()
              .setTypes(Image.class, Classifications.class).optModelPath(dir).build();
          Criteria<Input, Output> serving = Criteria.builder()
              .setTypes(Input.class, Output.class).optModelPath(dir).build();
          try (ZooModel<Image, Classifications> model = images.loadModel();
              Predictor<Image, Classifications> predictor = model.newPredictor();
              ZooModel<Input, Output> served = serving.loadModel();
              Predictor<Input, Output> server = served.newPredictor()) {
            for (int i = 1; i < args.length; i++) {
              Path file = Path.of(args[i]);
              Image image = ImageFactory.getInstance().fromFile(file);
              StringBuilder line = new StringBuilder("IMAGE\\t" + file);
              for (Classifications.Classification c : predictor.predict(image).items()) {
                line.append('\\t').append(c.getClassName()).append('=')
                    .append(String.format(Locale.ROOT, "%.9f", c.getProbability()));
              }
              System.out.println(line);
              Input input = new Input();
              input.add(Files.readAllBytes(file));
              Output output = server.predict(input);
              System.out.println("JSON\\t" + file + "\\t" + output.getProperty("Content-Type", "")
                  + "\\t" + output.getData().getAsString());
            }
          }
        }
      }
      """;

  /**
   * What the plain JVM answered for one image.
   *
   * @param probabilities every class's probability from the {@code Image} predictor, by name
   * @param contentType the {@code Output}'s content type
   * @param json the {@code Output}'s body, DJL's JSON classifications (top classes first)
   */
  record Answer(Map<String, Double> probabilities, String contentType, JsonArray json) {

    /** Returns the top class of the JSON answer. */
    String jsonTopClass() {
      return json.get(0).getAsJsonObject().get("className").getAsString();
    }
  }

  private final Path directory;

  private PlainDjlJvm(Path directory) {
    this.directory = directory;
  }

  /** Compiles the image program against the class path without the training library. */
  static PlainDjlJvm compile(Path directory) throws Exception {
    compile(directory, "PredictPlain", PROGRAM);
    return new PlainDjlJvm(directory);
  }

  /**
   * Compiles a program of one public class against the class path without the training library.
   *
   * @param directory where the source and the class go
   * @param className the class's name, which has a {@code main}
   * @param source its source
   */
  static void compile(Path directory, String className, String source) throws Exception {
    Path file = directory.resolve(className + ".java");
    Files.createDirectories(directory);
    Files.writeString(file, source, StandardCharsets.UTF_8);
    int code =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-cp", classpath(), "-d", directory.toString(), file.toString());
    assertThat(code).as("javac").isZero();
  }

  /**
   * Runs a compiled program in a fresh JVM with DJL, the engine and ban-models only.
   *
   * @param directory where {@link #compile(Path, String, String)} put it
   * @param className its class
   * @param args its arguments
   * @return what it printed, standard output and error together; it exited with 0
   */
  static String run(Path directory, String className, List<String> args) throws Exception {
    Path log = Files.createTempFile(directory, "plain-djl", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dai.djl.offline=true");
    command.add("-cp");
    command.add(directory + File.pathSeparator + classpath());
    command.add(className);
    command.addAll(args);
    Process child =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(child.waitFor(3, TimeUnit.MINUTES)).as("the plain DJL JVM finished").isTrue();
    String output = Files.readString(log);
    assertThat(child.exitValue()).as(output).isZero();
    return output;
  }

  /** DJL, the engine, ban-models and their libraries: no ban-core, ban-losses or ban-examples. */
  static String classpath() {
    String classpath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(
                entry ->
                    !entry.contains("ban-core")
                        && !entry.contains("ban-losses")
                        && !entry.contains("ban-examples"))
            .collect(Collectors.joining(File.pathSeparator));
    assertThat(classpath)
        .contains("ban-models")
        .contains("pytorch-engine")
        .doesNotContain("ban-core")
        .doesNotContain("ban-examples");
    return classpath;
  }

  /**
   * Loads the model in a fresh JVM and predicts every image.
   *
   * @param model the exported model directory
   * @param images PNG or JPEG files
   * @return the answers, by file
   */
  Map<Path, Answer> predict(Path model, List<Path> images) throws Exception {
    List<String> args = new ArrayList<>();
    args.add(model.toString());
    images.forEach(image -> args.add(image.toString()));
    String output = run(directory, "PredictPlain", args);
    Map<Path, Map<String, Double>> probabilities = new LinkedHashMap<>();
    Map<Path, Answer> answers = new LinkedHashMap<>();
    for (String line : output.lines().toList()) {
      String[] fields = line.split("\t");
      if (fields[0].equals("IMAGE")) {
        Map<String, Double> byName = new LinkedHashMap<>();
        for (int i = 2; i < fields.length; i++) {
          int eq = fields[i].lastIndexOf('=');
          byName.put(fields[i].substring(0, eq), Double.valueOf(fields[i].substring(eq + 1)));
        }
        probabilities.put(Path.of(fields[1]), byName);
      } else if (fields[0].equals("JSON")) {
        Path file = Path.of(fields[1]);
        JsonElement json = JsonParser.parseString(fields[3]);
        answers.put(file, new Answer(probabilities.get(file), fields[2], json.getAsJsonArray()));
      }
    }
    assertThat(answers.keySet()).as(output).containsExactlyElementsOf(images);
    return answers;
  }
}
