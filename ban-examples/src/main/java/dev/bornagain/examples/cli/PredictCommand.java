package dev.bornagain.examples.cli;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import dev.bornagain.models.serving.ExportedModel;
import dev.bornagain.models.serving.ImageClassifierTranslatorFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ban predict}: classifies image files with an exported model the way any DJL program would:
 * {@code ImageFactory} reads the file, and a plain {@code Criteria} with no translator named loads
 * the directory, so DJL's default image translator and the {@code serving.properties} arguments
 * decide how pixels reach the network. Exports from before those arguments were written get {@link
 * ImageClassifierTranslatorFactory}, which supplies them.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description =
        "Classifies PNG or JPEG images with a model made by 'ban export': the top classes and"
            + " their probabilities, one line per class.")
final class PredictCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Exported model.")
  Path model;

  @Option(
      names = "--top",
      paramLabel = "K",
      defaultValue = "3",
      description = "Classes listed per image (default: ${DEFAULT-VALUE}).")
  int top;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "PNG or JPEG images.")
  List<Path> files;

  @Override
  public Integer call() {
    return CommandFailures.run(
        spec,
        () -> {
          CommandFailures.checkInput(
              () -> {
                if (top < 1) {
                  throw new IllegalArgumentException("--top must be >= 1 but was " + top);
                }
                return null;
              });
          ExportedModel description = ExportedModel.read(model);
          if (!description.isImageModel()) {
            throw new IOException(
                model
                    + " holds "
                    + description.preset()
                    + " without an image normalisation: it does not take images, or it was"
                    + " exported without ExportOptions.normalization");
          }
          Criteria.Builder<Image, Classifications> builder =
              Criteria.builder()
                  .setTypes(Image.class, Classifications.class)
                  .optModelPath(model)
                  .optArgument("topK", top);
          if (ExportedModel.readArguments(model).containsKey("translatorFactory")) {
            // Written before DJL's image arguments were: DJL's default translator lacks them.
            builder.optTranslatorFactory(new ImageClassifierTranslatorFactory());
          }
          Criteria<Image, Classifications> criteria = builder.build();
          PrintWriter out = spec.commandLine().getOut();
          try (ZooModel<Image, Classifications> zoo = criteria.loadModel();
              Predictor<Image, Classifications> predictor = zoo.newPredictor()) {
            for (Path file : files) {
              if (!Files.isRegularFile(file)) {
                throw new IOException("image " + file + " does not exist or is not a file");
              }
              Image image;
              try {
                image = ImageFactory.getInstance().fromFile(file);
              } catch (IOException | RuntimeException e) {
                throw new IOException("cannot read image " + file + ": " + e.getMessage(), e);
              }
              out.println(file + ":");
              for (Classifications.Classification c : predictor.predict(image).topK(top)) {
                out.printf(Locale.ROOT, "  %-12s %.6f%n", c.getClassName(), c.getProbability());
              }
            }
          }
          out.flush();
          return 0;
        });
  }
}
