package dev.bornagain.models.catalogue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.initializer.Initializer;
import com.google.common.base.Preconditions;
import dev.bornagain.models.layers.ParameterCounter;
import java.util.function.IntFunction;

/**
 * A named architecture that builds a fresh, uninitialised block for a number of classes (or a
 * vocabulary size, for language models).
 */
public final class ModelPreset {

  private final String name;
  private final InputKind inputKind;
  private final String description;
  private final IntFunction<Block> factory;

  ModelPreset(String name, InputKind inputKind, String description, IntFunction<Block> factory) {
    this.name = name;
    this.inputKind = inputKind;
    this.description = description;
    this.factory = factory;
  }

  /**
   * The preset's name, such as {@code wrn-28-10}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * What the built block consumes.
   *
   * @return the input kind
   */
  public InputKind inputKind() {
    return inputKind;
  }

  /**
   * A one-line description of the architecture.
   *
   * @return the description
   */
  public String description() {
    return description;
  }

  /**
   * Builds a new block; each call gives a new, uninitialised block.
   *
   * @param classesOrVocabulary output classes, or the vocabulary size for {@link InputKind#TOKENS}
   * @return the block
   * @throws IllegalArgumentException if {@code classesOrVocabulary < 1}
   */
  public Block build(int classesOrVocabulary) {
    Preconditions.checkArgument(
        classesOrVocabulary >= 1,
        "number of classes or vocabulary size must be >= 1 but was %s",
        classesOrVocabulary);
    return factory.apply(classesOrVocabulary);
  }

  /**
   * The input shape of a batch of one, for {@code Block.initialize}.
   *
   * @return the shape
   */
  public Shape sampleInputShape() {
    return inputKind.inputShape(1);
  }

  /**
   * The input shape of a batch.
   *
   * @param batchSize the batch size, at least 1
   * @return the shape
   * @throws IllegalArgumentException if {@code batchSize < 1}
   */
  public Shape inputShape(long batchSize) {
    return inputKind.inputShape(batchSize);
  }

  /**
   * Builds a throw-away block, initialises it with zeros on the CPU in a short-lived manager and
   * counts its trainable parameters (as {@link ParameterCounter#trainable}).
   *
   * @param classesOrVocabulary output classes, or the vocabulary size
   * @return the number of trainable parameters
   * @throws IllegalArgumentException if {@code classesOrVocabulary < 1}
   */
  public long parameterCount(int classesOrVocabulary) {
    Block block = build(classesOrVocabulary);
    // Only the shapes matter: zeros are cheaper than random draws and leave the engine's random
    // generator untouched.
    block.setInitializer(Initializer.ZEROS, parameter -> true);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      block.initialize(manager, DataType.FLOAT32, sampleInputShape());
      return ParameterCounter.trainable(block);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
