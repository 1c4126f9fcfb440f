package dev.bornagain.models.serving;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.common.base.Joiner;
import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import dev.bornagain.models.catalogue.InputKind;
import dev.bornagain.models.catalogue.ModelCatalogue;
import dev.bornagain.models.catalogue.ModelPreset;
import dev.bornagain.models.ensemble.EnsembleBlock;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What an exported model directory holds and how to rebuild its block: the catalogue preset and
 * class count of every member, the members' names and which epoch each is, the input shape of one
 * sample, the class names when known, and for images the per-channel normalisation the network was
 * trained with.
 *
 * <p>The directory: {@code ban-0000.params} (DJL's {@code Model.save} format, an {@link
 * EnsembleBlock} of the members; one member is a single network), {@code serving.properties} (DJL
 * Serving's layout: {@code engine}, {@code option.modelName}, {@code blockFactory}, this record's
 * fields as arguments for the block factory, and for image models the arguments of DJL's own image
 * classification translator: {@code application}, {@code flag}, {@code width}, {@code height},
 * {@code resize}, {@code applySoftmax=false}) and {@code synset.txt} (one class name per line; a
 * language model's vocabulary, one word per token id).
 *
 * <p>A language model's directory loads with {@code Criteria.builder().setTypes(NDList.class,
 * NDList.class).optModelPath(dir)}: token ids {@code (batch, time)} in, the probabilities of every
 * next word {@code (batch, time, vocabulary)} out, each call read from a zero state.
 *
 * <p>{@code Criteria.builder().setTypes(Image.class, Classifications.class).optModelPath(dir)},
 * with no translator named, loads it with DJL, an engine and ban-models on the class path: DJL's
 * default image translator reads the image in the network's channels, resizes it to the network's
 * size and scales it to [0, 1]; the block the factory builds ({@link PixelNormalizingBlock} around
 * the ensemble) applies the training normalisation. {@code Input}/{@code Output}, DJL Serving's
 * types, reach the same translator through DJL's serving translator. Exports written before the
 * normalisation moved into the block name {@link ImageClassifierTranslatorFactory} instead; the
 * block factory reads them the same way.
 *
 * @param preset the catalogue preset every member was built from, e.g. {@code cnn-3x2-grey}
 * @param classes the number of classes (the vocabulary size for language models)
 * @param inputShape the shape of one sample, without the batch axis, e.g. (1, 28, 28)
 * @param members the members' names, e.g. [BAN-1, BAN-2, BAN-3]
 * @param memberEpochs which epoch each member's parameters are from, e.g. "last (10 of 10)"
 * @param classNames the class names in class order, or empty when unknown
 * @param mean per-channel mean of {@code pixel / 255} the network was trained with; empty for
 *     inputs that are not images
 * @param std per-channel standard deviation, the same length as {@code mean}
 */
public record ExportedModel(
    String preset,
    int classes,
    Shape inputShape,
    ImmutableList<String> members,
    ImmutableList<String> memberEpochs,
    ImmutableList<String> classNames,
    ImmutableList<Double> mean,
    ImmutableList<Double> std) {

  /** The model name, and so the parameter file's prefix ({@code ban-0000.params}). */
  public static final String MODEL_NAME = "ban";

  /** The file DJL Serving and DJL's model loader read arguments from. */
  public static final String SERVING_PROPERTIES = "serving.properties";

  /** The class names, one per line, as DJL's translators expect them. */
  public static final String SYNSET = "synset.txt";

  private static final Splitter COMMA = Splitter.on(',').trimResults();
  private static final Joiner JOIN = Joiner.on(',');
  private static final Splitter SEMICOLON = Splitter.on(';').trimResults();

  /**
   * Validates the record.
   *
   * @throws IllegalArgumentException if the preset is unknown, a count is out of range, the lists
   *     disagree in length, or names contain the separators of {@code serving.properties}
   */
  public ExportedModel {
    checkLabelsAndNormalisation(preset, classes, classNames, mean, std);
    checkNotNull(inputShape, "inputShape");
    checkArgument(!members.isEmpty(), "an exported model needs at least one member");
    checkArgument(
        memberEpochs.size() == members.size(),
        "%s members but %s epoch descriptions",
        members.size(),
        memberEpochs.size());
    for (String name : members) {
      checkArgument(!name.contains(","), "member name '%s' must not contain ','", name);
    }
    for (String epoch : memberEpochs) {
      checkArgument(!epoch.contains(";"), "epoch description '%s' must not contain ';'", epoch);
    }
  }

  /**
   * Checks what an export says about its network's output and input before anything is written: the
   * preset exists, the class count is positive, class names (if any) match it, and the
   * normalisation has one mean per standard deviation. {@code ExportOptions} runs the same checks
   * when it is built.
   *
   * @throws IllegalArgumentException naming the value that does not fit
   */
  public static void checkLabelsAndNormalisation(
      String preset, int classes, List<String> classNames, List<Double> mean, List<Double> std) {
    ModelCatalogue.get(checkNotNull(preset, "preset"));
    checkArgument(classes >= 1, "classes must be >= 1 but was %s", classes);
    checkArgument(
        classNames.isEmpty() || classNames.size() == classes,
        "%s class names for %s classes",
        classNames.size(),
        classes);
    checkArgument(mean.size() == std.size(), "mean and std differ in length: %s, %s", mean, std);
  }

  /** Returns the catalogue preset. */
  public ModelPreset modelPreset() {
    return ModelCatalogue.get(preset);
  }

  /**
   * Returns whether the members take images and their normalisation is known: then the served block
   * takes pixels in [0, 1] and DJL's image classification translator feeds it.
   */
  public boolean isImageModel() {
    return modelPreset().inputKind() != InputKind.TOKENS && !mean.isEmpty();
  }

  /**
   * Returns whether the members are language models: then the served block takes token ids {@code
   * (batch, time)}, reads every call from a zero state ({@link TokenSequenceBlock}), and {@code
   * synset.txt} holds the vocabulary, one word per id.
   */
  public boolean isLanguageModel() {
    return modelPreset().inputKind() == InputKind.TOKENS;
  }

  /**
   * Builds the ensemble block, initialised for a batch of one sample; its parameters are fresh
   * until loaded.
   *
   * @param manager the manager owning the parameters
   * @param output probabilities, or their log
   * @return the block
   */
  public EnsembleBlock newBlock(NDManager manager, EnsembleBlock.Output output) {
    List<Block> blocks = new ArrayList<>(members.size());
    for (int i = 0; i < members.size(); i++) {
      blocks.add(modelPreset().build(classes));
    }
    EnsembleBlock block = new EnsembleBlock(blocks, output);
    block.initialize(manager, DataType.FLOAT32, batchOfOne());
    return block;
  }

  /**
   * Builds the block that a loaded model runs: the ensemble returning probabilities, for image
   * models inside a {@link PixelNormalizingBlock} that takes pixels in [0, 1], for language models
   * inside a {@link TokenSequenceBlock} that takes token ids and starts every call afresh. Its
   * parameters are the ensemble's, in the layout {@link #write} saves.
   *
   * @param manager the manager owning the parameters
   * @return the block, initialised for a batch of one sample
   */
  public Block newServingBlock(NDManager manager) {
    EnsembleBlock ensemble = newBlock(manager, EnsembleBlock.Output.PROBABILITIES);
    Block block;
    if (isLanguageModel()) {
      block = new TokenSequenceBlock(ensemble, classes);
    } else if (isImageModel()) {
      block = new PixelNormalizingBlock(ensemble, inputShape, mean, std);
    } else {
      return ensemble;
    }
    block.initialize(manager, DataType.FLOAT32, batchOfOne());
    return block;
  }

  /** Returns the input shape with a batch axis of 1. */
  public Shape batchOfOne() {
    return new Shape(1).addAll(inputShape);
  }

  /**
   * Writes the directory: the block's parameters with {@code Model.save}, then {@code
   * serving.properties} and {@code synset.txt}.
   *
   * @param directory the directory, created if absent; must not hold a model already
   * @param block an initialised ensemble of this record's members, with trained parameters
   * @throws IOException if writing fails or the directory already holds a model
   * @throws IllegalArgumentException if the block's member count differs from the record's
   */
  public void write(Path directory, EnsembleBlock block) throws IOException {
    checkArgument(
        block.size() == members.size(),
        "the block has %s members but the description lists %s",
        block.size(),
        members.size());
    Path properties = directory.resolve(SERVING_PROPERTIES);
    if (Files.exists(properties)) {
      throw new IOException(
          "cannot export into " + directory + ": it already holds a model (" + properties + ")");
    }
    Files.createDirectories(directory);
    try (Model model = Model.newInstance(MODEL_NAME)) {
      model.setBlock(block);
      model.save(directory, MODEL_NAME);
    }
    if (!classNames.isEmpty()) {
      Files.write(directory.resolve(SYNSET), classNames, StandardCharsets.UTF_8);
    }
    Properties out = new Properties();
    toArguments().forEach(out::setProperty);
    try (Writer writer = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
      out.store(writer, "A Born-Again model exported by ban; DJL Serving and Criteria read this");
    }
  }

  /** Returns the {@code serving.properties} entries. */
  Map<String, String> toArguments() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("engine", "PyTorch");
    args.put("option.modelName", MODEL_NAME);
    args.put("blockFactory", EnsembleBlockFactory.class.getName());
    if (isImageModel()) {
      args.putAll(imageTranslatorArguments());
    }
    args.put("preset", preset);
    args.put("classes", Integer.toString(classes));
    args.put("inputShape", JOIN.join(Arrays.stream(inputShape.getShape()).iterator()));
    args.put("members", JOIN.join(members));
    args.put("memberEpochs", Joiner.on(';').join(memberEpochs));
    if (!mean.isEmpty()) {
      args.put("mean", JOIN.join(mean));
      args.put("std", JOIN.join(std));
    }
    return args;
  }

  /**
   * Returns the arguments that make DJL's {@code ImageClassificationTranslator} feed this image
   * model correctly: the image classification application (so DJL's serving translator picks that
   * translator for {@code Input}/{@code Output}), greyscale or colour as trained, resized to the
   * network's width and height, no second softmax (the block returns probabilities), and the class
   * names ({@code synset.txt}, or {@code class 0, class 1, ...} when none are known).
   *
   * @return the arguments, as {@code serving.properties} holds them
   * @throws IllegalStateException if this is not an image model
   */
  public Map<String, String> imageTranslatorArguments() {
    checkState(isImageModel(), "%s does not take images (no normalisation recorded)", preset);
    Map<String, String> args = new LinkedHashMap<>();
    args.put("application", "cv/image_classification");
    args.put("flag", inputShape.get(0) == 1 ? "GRAYSCALE" : "COLOR");
    args.put("width", Long.toString(inputShape.get(2)));
    args.put("height", Long.toString(inputShape.get(1)));
    args.put("resize", "true");
    args.put("applySoftmax", "false");
    if (classNames.isEmpty()) {
      List<String> names = new ArrayList<>(classes);
      for (int i = 0; i < classes; i++) {
        names.add("class " + i);
      }
      args.put("synset", JOIN.join(names));
    } else {
      args.put("synsetFileName", SYNSET);
    }
    return args;
  }

  /**
   * Reads the description from the arguments DJL hands a block or translator factory (the entries
   * of {@code serving.properties}, plus the class names from {@code synset.txt} when present).
   *
   * @param arguments the arguments
   * @param modelDirectory the model's directory, for {@code synset.txt}
   * @return the description
   * @throws IOException if {@code synset.txt} cannot be read
   * @throws IllegalArgumentException if an entry is missing or malformed (the message names it)
   */
  public static ExportedModel fromArguments(Map<String, ?> arguments, Path modelDirectory)
      throws IOException {
    Path synset = modelDirectory.resolve(SYNSET);
    ImmutableList<String> names =
        Files.isRegularFile(synset)
            ? ImmutableList.copyOf(Files.readAllLines(synset, StandardCharsets.UTF_8))
            : ImmutableList.of();
    try {
      return new ExportedModel(
          required(arguments, "preset"),
          Integer.parseInt(required(arguments, "classes")),
          new Shape(
              COMMA
                  .splitToStream(required(arguments, "inputShape"))
                  .mapToLong(Long::parseLong)
                  .toArray()),
          ImmutableList.copyOf(COMMA.split(required(arguments, "members"))),
          ImmutableList.copyOf(SEMICOLON.split(required(arguments, "memberEpochs"))),
          names,
          doubles(arguments, "mean"),
          doubles(arguments, "std"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "malformed number in the model description of " + modelDirectory + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Reads an exported directory's description.
   *
   * @param directory the directory
   * @return the description
   * @throws IOException if {@code serving.properties} is missing or unreadable
   * @throws IllegalArgumentException if an entry is missing or malformed
   */
  public static ExportedModel read(Path directory) throws IOException {
    return fromArguments(readArguments(directory), directory);
  }

  /**
   * Reads an exported directory's {@code serving.properties}, as DJL's model loader does.
   *
   * @param directory the directory
   * @return the entries, {@code option.} keys included
   * @throws IOException if {@code serving.properties} is missing or unreadable
   */
  public static Map<String, String> readArguments(Path directory) throws IOException {
    Path file = directory.resolve(SERVING_PROPERTIES);
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          directory + " is not an exported ban model: " + SERVING_PROPERTIES + " is missing");
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    Map<String, String> arguments = new HashMap<>();
    properties.stringPropertyNames().forEach(k -> arguments.put(k, properties.getProperty(k)));
    return arguments;
  }

  private static String required(Map<String, ?> arguments, String key) {
    Object value = arguments.get(key);
    checkArgument(
        value != null && !value.toString().isBlank(),
        "the model description has no '%s' (%s of an exported ban model)",
        key,
        SERVING_PROPERTIES);
    return value.toString();
  }

  private static ImmutableList<Double> doubles(Map<String, ?> arguments, String key) {
    Object value = arguments.get(key);
    if (value == null || value.toString().isBlank()) {
      return ImmutableList.of();
    }
    return COMMA
        .splitToStream(value.toString())
        .map(Double::valueOf)
        .collect(ImmutableList.toImmutableList());
  }
}
