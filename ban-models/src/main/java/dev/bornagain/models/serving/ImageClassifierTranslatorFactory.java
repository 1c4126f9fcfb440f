package dev.bornagain.models.serving;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.translator.ImageClassificationTranslatorFactory;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * DJL's own {@link ImageClassificationTranslatorFactory}, given the image arguments an exported
 * model needs ({@link ExportedModel#imageTranslatorArguments()}) where its {@code
 * serving.properties} lacks them.
 *
 * <p>Exports written now carry those arguments, and DJL's default translator reads them: a plain
 * {@code Criteria} needs no translator named. Exports written before the normalisation moved into
 * the block name this class as their {@code translatorFactory} and carry none of DJL's image
 * arguments; DJL Serving (and DJL's serving translator for {@code Input}/{@code Output}) reads that
 * name, and {@code ban predict} names it for them. Either way the translator is DJL's, so every
 * route feeds the network the same tensors. The argument {@code topK} (default 5) sets how many
 * classes are listed.
 */
public final class ImageClassifierTranslatorFactory implements TranslatorFactory {

  private final ImageClassificationTranslatorFactory djl =
      new ImageClassificationTranslatorFactory();

  /** Creates the factory; DJL instantiates it by class name. */
  public ImageClassifierTranslatorFactory() {}

  @Override
  public Set<Pair<Type, Type>> getSupportedTypes() {
    return Set.of(
        new Pair<>(Image.class, Classifications.class), new Pair<>(Input.class, Output.class));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the types are not supported or the model does not take
   *     images
   */
  @Override
  public <I, O> Translator<I, O> newInstance(
      Class<I> input, Class<O> output, Model model, Map<String, ?> arguments)
      throws TranslateException {
    if (!isSupported(input, output)) {
      throw new IllegalArgumentException(
          "this factory translates Image to Classifications and Input to Output, not "
              + input
              + " to "
              + output);
    }
    ExportedModel description;
    try {
      description = ExportedModel.fromArguments(arguments, model.getModelPath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!description.isImageModel()) {
      throw new IllegalArgumentException(
          description.preset()
              + " in "
              + model.getModelPath()
              + " does not take images (no normalisation recorded)");
    }
    Map<String, Object> completed = new HashMap<>(description.imageTranslatorArguments());
    completed.putAll(arguments);
    return djl.newInstance(input, output, model, completed);
  }
}
