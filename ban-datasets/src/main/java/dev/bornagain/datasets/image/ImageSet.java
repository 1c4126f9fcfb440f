package dev.bornagain.datasets.image;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Preconditions.checkPositionIndexes;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Images and labels held as raw unsigned bytes: one array for all pixels, image after image, each
 * in (C, H, W) order, and one array of class indices. 50,000 CIFAR images take 150 MB this way.
 *
 * <p>Instances are immutable views: {@link #slice} shares the arrays, {@link #compact} copies.
 */
public final class ImageSet {

  private final byte[] pixels;
  private final int[] labels;
  private final int first;
  private final int count;
  private final int channels;
  private final int height;
  private final int width;
  private final int classCount;
  private final String source;

  ImageSet(
      byte[] pixels,
      int[] labels,
      int first,
      int count,
      int channels,
      int height,
      int width,
      int classCount,
      String source) {
    checkArgument(
        channels > 0 && height > 0 && width > 0,
        "image shape must be positive but was (%s, %s, %s)",
        channels,
        height,
        width);
    checkPositionIndexes(first, first + count, labels.length);
    checkArgument(
        (long) labels.length * channels * height * width == pixels.length,
        "%s labels need %s pixel bytes but there are %s",
        labels.length,
        (long) labels.length * channels * height * width,
        pixels.length);
    this.pixels = pixels;
    this.labels = labels;
    this.first = first;
    this.count = count;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.classCount = classCount;
    this.source = source;
  }

  /** Returns the number of images. */
  public int size() {
    return count;
  }

  /** Returns the number of channels C. */
  public int channels() {
    return channels;
  }

  /** Returns the image height H. */
  public int height() {
    return height;
  }

  /** Returns the image width W. */
  public int width() {
    return width;
  }

  /** Returns the number of bytes of one image, C * H * W. */
  public int imageBytes() {
    return channels * height * width;
  }

  /** Returns the number of classes labels range over. */
  public int classCount() {
    return classCount;
  }

  /** Returns where the images came from (files or resources), for messages. */
  public String source() {
    return source;
  }

  /**
   * Returns the class index of image {@code index}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in [0, size)
   */
  public int label(int index) {
    checkElementIndex(index, count, "image index");
    return labels[first + index];
  }

  /**
   * Returns the unsigned value (0-255) of one pixel byte.
   *
   * @throws IndexOutOfBoundsException if an index is out of range
   */
  public int pixel(int index, int channel, int y, int x) {
    checkElementIndex(index, count, "image index");
    checkElementIndex(channel, channels, "channel");
    checkElementIndex(y, height, "row");
    checkElementIndex(x, width, "column");
    return pixels[offset(index) + (channel * height + y) * width + x] & 0xFF;
  }

  /**
   * Returns a copy of image {@code index}'s bytes in (C, H, W) order.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in [0, size)
   */
  public byte[] imageCopy(int index) {
    checkElementIndex(index, count, "image index");
    int offset = offset(index);
    return Arrays.copyOfRange(pixels, offset, offset + imageBytes());
  }

  /** Returns the offset of image {@code index} in the shared pixel array (no range check). */
  int offset(int index) {
    return (first + index) * imageBytes();
  }

  /** Returns the shared pixel array; callers must not modify it. */
  byte[] pixelArray() {
    return pixels;
  }

  /**
   * Returns a view of images [from, to), sharing this set's arrays.
   *
   * @throws IndexOutOfBoundsException if the range is not within [0, size]
   */
  public ImageSet slice(int from, int to) {
    checkPositionIndexes(from, to, count);
    return new ImageSet(
        pixels,
        labels,
        first + from,
        to - from,
        channels,
        height,
        width,
        classCount,
        source + "[" + from + ", " + to + ")");
  }

  /**
   * Returns this set with a fraction of its labels replaced by another class drawn uniformly: the
   * {@code round(fraction * size)} images picked by a shuffle seeded with {@code seed} each get one
   * of the other {@code classCount - 1} classes. The pixels are shared; the same seed always picks
   * the same images and classes.
   *
   * @param fraction the fraction of labels to corrupt, in [0, 1]
   * @param seed the seed of the draw
   * @return the noisy set, or this set when the fraction is 0
   * @throws IllegalArgumentException if the fraction is outside [0, 1] or there is only one class
   */
  public ImageSet withNoisyLabels(double fraction, long seed) {
    checkArgument(
        fraction >= 0 && fraction <= 1, "label noise must be in [0, 1] but was %s", fraction);
    if (fraction == 0) {
      return this;
    }
    checkArgument(
        classCount >= 2, "label noise needs >= 2 classes but %s has %s", source, classCount);
    int[] noisy = Arrays.copyOfRange(labels, first, first + count);
    int[] order = new int[count];
    Arrays.setAll(order, i -> i);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    int corrupted = (int) Math.round(fraction * count);
    for (int i = 0; i < corrupted; i++) {
      int index = order[i];
      // A draw from the other classes: skip over the true one.
      int other = random.nextInt(classCount - 1);
      noisy[index] = other >= noisy[index] ? other + 1 : other;
    }
    byte[] ownPixels =
        first == 0 && count == labels.length
            ? pixels
            : Arrays.copyOfRange(pixels, first * imageBytes(), (first + count) * imageBytes());
    return new ImageSet(
        ownPixels,
        noisy,
        0,
        count,
        channels,
        height,
        width,
        classCount,
        String.format(Locale.ROOT, "%s with %d noisy labels (%.3g)", source, corrupted, fraction));
  }

  /** Returns a copy holding only this view's images, so the larger arrays can be freed. */
  public ImageSet compact() {
    if (first == 0 && count == labels.length) {
      return this;
    }
    int bytes = imageBytes();
    byte[] ownPixels = Arrays.copyOfRange(pixels, first * bytes, (first + count) * bytes);
    int[] ownLabels = Arrays.copyOfRange(labels, first, first + count);
    return new ImageSet(
        ownPixels, ownLabels, 0, count, channels, height, width, classCount, source);
  }
}
