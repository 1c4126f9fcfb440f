package dev.bornagain.datasets.image;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Per-sample training augmentation: pad each side with {@code padding} black pixels (value 0 before
 * normalisation), take a random crop of the original size, then flip horizontally with probability
 * 1/2. The CIFAR recipe is {@code cropAndFlip(4)}.
 *
 * <p>Each augmented sample draws, in this order, the crop's row offset and column offset (each
 * uniform in [0, 2 * padding], only when padding &gt; 0) and then the flip (only when flipping is
 * on), from the dataset's random generator.
 *
 * @param padding pixels of zero padding on each side before the random crop; 0 for no crop
 * @param horizontalFlip whether to flip left-right with probability 1/2
 */
public record Augmentation(int padding, boolean horizontalFlip) {

  /**
   * Checks the padding.
   *
   * @throws IllegalArgumentException if {@code padding} is negative
   */
  public Augmentation {
    checkArgument(padding >= 0, "padding must be >= 0 but was %s", padding);
  }

  /** Returns no augmentation. */
  public static Augmentation none() {
    return new Augmentation(0, false);
  }

  /**
   * Returns pad-then-random-crop plus random horizontal flip.
   *
   * @param padding pixels of zero padding on each side
   * @throws IllegalArgumentException if {@code padding} is negative
   */
  public static Augmentation cropAndFlip(int padding) {
    return new Augmentation(padding, true);
  }

  /** Returns random horizontal flips only. */
  public static Augmentation flipOnly() {
    return new Augmentation(0, true);
  }

  /** Returns whether this augmentation changes nothing. */
  public boolean isNone() {
    return padding == 0 && !horizontalFlip;
  }
}
