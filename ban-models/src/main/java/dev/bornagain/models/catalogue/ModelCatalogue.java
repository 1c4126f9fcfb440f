package dev.bornagain.models.catalogue;

import ai.djl.nn.Block;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.bornagain.models.cnn.SmallCnn;
import dev.bornagain.models.densenet.DenseNet;
import dev.bornagain.models.lm.LstmLanguageModel;
import dev.bornagain.models.resnet.CifarResNet;
import dev.bornagain.models.resnet.PreActResNet;
import dev.bornagain.models.wrn.WideResNet;
import java.util.function.IntFunction;

/**
 * The named presets, in a fixed order: classic CIFAR ResNets, the pre-activation ResNet,
 * Wide-ResNets (dropout 0.3, the CIFAR recipe), DenseNets (BC, compression 0.5; the paper's
 * DenseNet-d-k with the layers per block of {@link DenseNet#layersForDepth}), the small CPU CNNs
 * and the PTB language models.
 *
 * <pre>{@code
 * Block teacher = ModelCatalogue.get("wrn-28-2").build(100);
 * }</pre>
 */
public final class ModelCatalogue {

  private static final ImmutableList<ModelPreset> PRESETS = createPresets();
  private static final ImmutableMap<String, ModelPreset> BY_NAME =
      PRESETS.stream().collect(ImmutableMap.toImmutableMap(ModelPreset::name, preset -> preset));

  private ModelCatalogue() {}

  /**
   * All presets, in catalogue order.
   *
   * @return the presets
   */
  public static ImmutableList<ModelPreset> presets() {
    return PRESETS;
  }

  /**
   * The preset names, in catalogue order.
   *
   * @return the names
   */
  public static ImmutableList<String> names() {
    return BY_NAME.keySet().asList();
  }

  /**
   * Looks up a preset by name.
   *
   * @param name a preset name, such as {@code densenet-bc-100-12}
   * @return the preset
   * @throws IllegalArgumentException if no preset has that name (the message lists the names)
   */
  public static ModelPreset get(String name) {
    ModelPreset preset = BY_NAME.get(name);
    if (preset == null) {
      throw new IllegalArgumentException(
          "unknown model preset '" + name + "'; known presets: " + String.join(", ", names()));
    }
    return preset;
  }

  private static ImmutableList<ModelPreset> createPresets() {
    ImmutableList.Builder<ModelPreset> list = ImmutableList.builder();
    for (int depth : new int[] {20, 32, 56, 110}) {
      list.add(
          image(
              "resnet-" + depth,
              "CIFAR ResNet-" + depth + " (He et al. 2015, option A shortcuts)",
              classes -> CifarResNet.builder().setDepth(depth).setNumClasses(classes).build()));
    }
    list.add(
        image(
            "preresnet-14",
            "pre-activation ResNet-14 (He et al. 2016, basic units, projection shortcuts)",
            classes -> PreActResNet.builder().setDepth(14).setNumClasses(classes).build()));
    int[][] wrns = {{16, 1}, {16, 2}, {28, 1}, {28, 2}, {28, 5}, {28, 10}};
    for (int[] dk : wrns) {
      list.add(
          image(
              "wrn-" + dk[0] + "-" + dk[1],
              "Wide-ResNet-" + dk[0] + "-" + dk[1] + " (dropout 0.3)",
              classes ->
                  WideResNet.builder()
                      .setDepth(dk[0])
                      .setWidenFactor(dk[1])
                      .setNumClasses(classes)
                      .optDropRate(0.3f)
                      .build()));
    }
    list.add(densenet("densenet-bc-100-12", 100, 12));
    list.add(densenet("densenet-112-33", 112, 33));
    list.add(densenet("densenet-90-60", 90, 60));
    list.add(densenet("densenet-80-80", 80, 80));
    list.add(densenet("densenet-80-120", 80, 120));
    list.add(
        image(
            "cnn-small-rgb",
            "small CNN for 3x32x32 images: 3 x (conv3x3-BN-ReLU-maxpool), widths 32, 64, 128",
            classes -> SmallCnn.builder().setNumClasses(classes).optWidths(32, 64, 128).build()));
    list.add(
        new ModelPreset(
            "cnn-small-grey",
            InputKind.GREY_28,
            "small CNN for 1x28x28 images: 2 x (conv3x3-BN-ReLU-maxpool), widths 32, 64",
            classes -> SmallCnn.builder().setNumClasses(classes).optWidths(32, 64).build()));
    list.add(
        image(
            "cnn-3x2-rgb",
            "CNN for 3x32x32 images: 3 x (2 x conv3x3-BN-ReLU, maxpool), widths 16, 32, 64,"
                + " no dropout",
            classes -> cnn3x2(classes)));
    list.add(
        new ModelPreset(
            "cnn-3x2-grey",
            InputKind.GREY_28,
            "CNN for 1x28x28 images: 3 x (2 x conv3x3-BN-ReLU, maxpool), widths 16, 32, 64,"
                + " no dropout (the converged-teacher study's network)",
            classes -> cnn3x2(classes)));
    list.add(lstm("lstm-2x200", 200, 0f, false, "Zaremba et al.'s small PTB model, no dropout"));
    list.add(lstm("lstm-2x650-tied", 650, 0.5f, true, "medium PTB model, dropout 0.5"));
    list.add(
        lstm(
            "lstm-2x1500-tied",
            1500,
            0.65f,
            true,
            "the Born-Again paper's PTB model, dropout 0.65"));
    return list.build();
  }

  private static ModelPreset image(String name, String description, IntFunction<Block> factory) {
    return new ModelPreset(name, InputKind.RGB_32, description, factory);
  }

  private static ModelPreset densenet(String name, int depth, int growth) {
    return image(
        name,
        "DenseNet-BC depth "
            + depth
            + ", growth "
            + growth
            + ", layers per block "
            + DenseNet.layersForDepth(depth, true),
        classes ->
            DenseNet.builder()
                .setDepth(depth)
                .setGrowthRate(growth)
                .setNumClasses(classes)
                .build());
  }

  private static Block cnn3x2(int classes) {
    return SmallCnn.builder()
        .setNumClasses(classes)
        .optWidths(16, 32, 64)
        .optConvolutionsPerStage(2)
        .optDropRate(0f)
        .build();
  }

  private static ModelPreset lstm(
      String name, int hidden, float dropRate, boolean tied, String description) {
    return new ModelPreset(
        name,
        InputKind.TOKENS,
        "2-layer LSTM language model, " + hidden + " units, " + description,
        vocabulary ->
            LstmLanguageModel.builder()
                .setVocabularySize(vocabulary)
                .setHiddenSize(hidden)
                .setNumLayers(2)
                .optDropRate(dropRate)
                .optTiedWeights(tied)
                .build());
  }
}
