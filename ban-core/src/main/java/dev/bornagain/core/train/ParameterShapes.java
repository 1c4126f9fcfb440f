package dev.bornagain.core.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.common.collect.ImmutableMap;
import dev.bornagain.core.checkpoint.Fingerprint;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The names and shapes of a block's parameters, in the block's order (e.g. {@code 01Linear_weight
 * (32, 8)}): what an architecture is, as far as its saved parameters go. DJL's {@code
 * Block.loadParameters} does not compare them with what it reads (it loads a 4-class layer into a
 * 3-class block), so every load in this library checks them afterwards.
 *
 * @param shapes parameter name (the block's path to it) to shape
 */
public record ParameterShapes(ImmutableMap<String, Shape> shapes) {

  /** Validates the record. */
  public ParameterShapes {
    checkNotNull(shapes, "shapes");
  }

  /**
   * Reads the shapes of an initialised (or loaded) block's parameters.
   *
   * @param block the block
   * @return its parameters' names and shapes
   * @throws IllegalArgumentException if a parameter has no shape yet (the block is not initialised)
   */
  public static ParameterShapes of(Block block) {
    ImmutableMap.Builder<String, Shape> shapes = ImmutableMap.builder();
    for (Pair<String, Parameter> entry : block.getParameters()) {
      Parameter parameter = entry.getValue();
      // After a load the array is the truth; before initialisation only the declared shape exists.
      Shape shape =
          parameter.isInitialized() ? parameter.getArray().getShape() : parameter.getShape();
      checkArgument(
          shape != null,
          "parameter %s of the block has no shape: initialise the block first",
          entry.getKey());
      shapes.put(entry.getKey(), shape);
    }
    return new ParameterShapes(shapes.buildOrThrow());
  }

  /**
   * Initialises a fresh block on the input shapes, on the CPU in a scratch manager closed at once,
   * and reads its parameters' shapes. The block is spent: it cannot be used afterwards.
   * Initialisation draws from the engine's generator, which every generation reseeds before use.
   *
   * @param fresh a fresh block
   * @param inputShapes the shapes of one input batch
   * @return its parameters' names and shapes
   */
  public static ParameterShapes ofArchitecture(Block fresh, List<Shape> inputShapes) {
    checkNotNull(fresh, "fresh");
    try (NDManager scratch = NDManager.newBaseManager(Device.cpu())) {
      fresh.initialize(scratch, DataType.FLOAT32, inputShapes.toArray(new Shape[0]));
      return of(fresh);
    }
  }

  /**
   * Checks that a loaded block's parameters have the shapes this block had before loading.
   *
   * @param loaded the shapes after loading
   * @param source what was loaded, e.g. "file /x/final.parameters", for the message
   * @throws IllegalArgumentException naming the first parameter whose shape differs, its expected
   *     shape, the shape found and the source
   */
  public void checkLoaded(ParameterShapes loaded, String source) {
    for (Map.Entry<String, Shape> expected : shapes.entrySet()) {
      Shape found = loaded.shapes.get(expected.getKey());
      checkArgument(
          expected.getValue().equals(found),
          "parameters %s do not fit the block: parameter %s has shape %s in the block but %s in"
              + " the file (saved from another architecture, e.g. another width or number of"
              + " classes)",
          source,
          expected.getKey(),
          expected.getValue(),
          found);
    }
  }

  /**
   * Lists every parameter as {@code name shape}, separated by {@link Fingerprint#ENTRY_SEPARATOR}.
   */
  @Override
  public String toString() {
    return shapes.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(Fingerprint.ENTRY_SEPARATOR));
  }
}
