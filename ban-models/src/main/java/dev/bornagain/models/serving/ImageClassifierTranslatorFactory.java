package dev.bornagain.models.serving;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.translate.ArgumentsUtil;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;

/**
 * The {@code translatorFactory} of an exported image model: {@link ImageClassifierTranslator} from
 * the model's description; the argument {@code topK} (default 5) sets how many classes are listed.
 */
public final class ImageClassifierTranslatorFactory implements TranslatorFactory {

  /** Creates the factory; DJL instantiates it by class name. */
  public ImageClassifierTranslatorFactory() {}

  @Override
  public Set<Pair<Type, Type>> getSupportedTypes() {
    return Set.of(new Pair<>(Image.class, Classifications.class));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <I, O> Translator<I, O> newInstance(
      Class<I> input, Class<O> output, Model model, Map<String, ?> arguments)
      throws TranslateException {
    if (!isSupported(input, output)) {
      throw new IllegalArgumentException(
          "this factory translates Image to Classifications, not " + input + " to " + output);
    }
    try {
      ExportedModel description = ExportedModel.fromArguments(arguments, model.getModelPath());
      return (Translator<I, O>)
          new ImageClassifierTranslator(description, ArgumentsUtil.intValue(arguments, "topK", 5));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
