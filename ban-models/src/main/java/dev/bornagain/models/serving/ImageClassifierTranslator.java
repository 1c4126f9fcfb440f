package dev.bornagain.models.serving;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Images to ranked classes for an exported image model: the image is read as greyscale or colour as
 * the network was trained, resized to its input size if it differs, and normalised with the
 * training statistics through {@link PixelNormalization}'s tables (the same bits as in training);
 * the model's output, already probabilities, becomes {@link Classifications} with the class names
 * (class indices where none are known).
 */
public final class ImageClassifierTranslator implements Translator<Image, Classifications> {

  private final ExportedModel description;
  private final float[][] tables;
  private final int topK;

  /**
   * Creates the translator.
   *
   * @param description the exported model's description, which must be an image model
   * @param topK how many classes {@link Classifications#topK()} lists by default, &gt;= 1
   * @throws IllegalArgumentException if the model does not take images or {@code topK < 1}
   */
  public ImageClassifierTranslator(ExportedModel description, int topK) {
    checkArgument(
        description.isImageModel(),
        "%s does not take images (no normalisation recorded)",
        description.preset());
    checkArgument(topK >= 1, "topK must be >= 1 but was %s", topK);
    this.description = description;
    this.tables = PixelNormalization.lookupTables(description.mean(), description.std());
    this.topK = topK;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, Image input) {
    Shape sample = description.inputShape();
    int channels = Math.toIntExact(sample.get(0));
    int height = Math.toIntExact(sample.get(1));
    int width = Math.toIntExact(sample.get(2));
    Image.Flag flag = channels == 1 ? Image.Flag.GRAYSCALE : Image.Flag.COLOR;
    NDArray hwc = input.toNDArray(ctx.getNDManager(), flag);
    if (input.getHeight() != height || input.getWidth() != width) {
      hwc = NDImageUtils.resize(hwc, width, height);
    }
    byte[] bytes = hwc.toType(ai.djl.ndarray.types.DataType.UINT8, false).toByteArray();
    float[] chw = new float[channels * height * width];
    for (int c = 0; c < channels; c++) {
      float[] table = tables[c];
      for (int p = 0; p < height * width; p++) {
        chw[c * height * width + p] = table[bytes[p * channels + c] & 0xFF];
      }
    }
    return new NDList(ctx.getNDManager().create(chw, sample));
  }

  @Override
  public Classifications processOutput(TranslatorContext ctx, NDList list) {
    NDArray probabilities = list.singletonOrThrow();
    List<String> names = new ArrayList<>(description.classes());
    for (int i = 0; i < description.classes(); i++) {
      names.add(
          description.classNames().isEmpty() ? "class " + i : description.classNames().get(i));
    }
    Classifications result = new Classifications(names, probabilities);
    result.setTopK(topK);
    return result;
  }
}
