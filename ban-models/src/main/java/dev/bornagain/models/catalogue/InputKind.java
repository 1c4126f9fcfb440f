package dev.bornagain.models.catalogue;

import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;

/** What a preset consumes. */
public enum InputKind {
  /** Colour images, {@code (batch, 3, 32, 32)} (CIFAR). */
  RGB_32,
  /** Greyscale images, {@code (batch, 1, 28, 28)} (Fashion-MNIST). */
  GREY_28,
  /**
   * Token ids, {@code (batch, time)}; the sample shape uses 35 steps, the truncated
   * back-propagation length of the PTB recipe.
   */
  TOKENS;

  /** Time steps of the sample token input. */
  public static final int SAMPLE_STEPS = 35;

  /**
   * The input shape for a batch.
   *
   * @param batchSize the batch size, at least 1
   * @return {@code (batch, 3, 32, 32)}, {@code (batch, 1, 28, 28)} or {@code (batch, 35)}
   * @throws IllegalArgumentException if {@code batchSize < 1}
   */
  public Shape inputShape(long batchSize) {
    Preconditions.checkArgument(batchSize >= 1, "batch size must be >= 1 but was %s", batchSize);
    switch (this) {
      case RGB_32:
        return new Shape(batchSize, 3, 32, 32);
      case GREY_28:
        return new Shape(batchSize, 1, 28, 28);
      case TOKENS:
        return new Shape(batchSize, SAMPLE_STEPS);
      default:
        throw new AssertionError(this);
    }
  }
}
