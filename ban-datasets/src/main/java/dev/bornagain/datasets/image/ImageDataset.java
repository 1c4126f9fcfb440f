package dev.bornagain.datasets.image;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import ai.djl.util.RandomUtils;
import dev.bornagain.datasets.Split;
import java.io.IOException;
import java.util.Random;

/**
 * An image classification split held in memory as bytes and served one sample at a time.
 *
 * <p>{@link #get(NDManager, long)} returns a {@link Record} whose data is one float32 array of
 * shape (C, H, W), normalised per channel with the training split's statistics, and whose label is
 * one int64 scalar (shape ()), so DJL's stacking batchifier yields data (N, C, H, W) and labels
 * (N).
 *
 * <p>On the training split the sample is augmented inside {@code get} (per sample, not per batch).
 * The random draws come from the generator given to the builder, by default DJL's global {@link
 * RandomUtils#RANDOM}: that is the generator DJL's {@code RandomSampler} shuffles with and the one
 * {@code Engine.setRandomSeed} reseeds, so reseeding the engine at the start of an epoch fixes both
 * that epoch's order and its augmentation, which is what makes a resumed run repeat exactly. This
 * holds for single-threaded loading only (the default): with a prefetching executor the draws would
 * interleave in an unpredictable order. Evaluation splits never augment, and the same index always
 * gives the same bits.
 */
public abstract class ImageDataset extends RandomAccessDataset {

  private final ImageSet images;
  private final Split split;
  private final ChannelStats normalization;
  private final Augmentation augmentation;
  private final Random random;
  private final float[][] lookupTables;

  /**
   * Creates the dataset from a builder that has chosen the images of one split.
   *
   * @param builder the builder, with its sampling set
   * @param images the split's images
   */
  protected ImageDataset(Builder<?> builder, ImageSet images) {
    super(builder);
    this.images = images;
    this.split = builder.split;
    this.normalization = builder.normalization;
    this.augmentation = builder.effectiveAugmentation();
    this.random = builder.random;
    checkArgument(
        normalization.channels() == images.channels(),
        "normalisation has %s channels but the images of %s have %s",
        normalization.channels(),
        images.source(),
        images.channels());
    this.lookupTables = normalization.lookupTables();
  }

  /** {@inheritDoc} */
  @Override
  public Record get(NDManager manager, long index) {
    int i = Math.toIntExact(index);
    checkElementIndex(i, images.size(), "sample index");
    int pad = augmentation.padding();
    int rowOffset = pad;
    int columnOffset = pad;
    boolean flip = false;
    if (pad > 0) {
      rowOffset = random.nextInt(2 * pad + 1);
      columnOffset = random.nextInt(2 * pad + 1);
    }
    if (augmentation.horizontalFlip()) {
      flip = random.nextBoolean();
    }
    float[] out = new float[images.imageBytes()];
    render(images, i, lookupTables, pad, rowOffset, columnOffset, flip, out);
    Shape shape = new Shape(images.channels(), images.height(), images.width());
    NDList data = new NDList(manager.create(out, shape));
    NDList label = new NDList(manager.create((long) images.label(i)));
    return new Record(data, label);
  }

  /**
   * Writes image {@code index}, normalised, zero-padded by {@code pad}, cropped at ({@code
   * rowOffset}, {@code columnOffset}) of the padded image and optionally flipped left-right. With
   * {@code rowOffset == columnOffset == pad} and no flip the image is unchanged.
   */
  static void render(
      ImageSet images,
      int index,
      float[][] lookupTables,
      int pad,
      int rowOffset,
      int columnOffset,
      boolean flip,
      float[] out) {
    int channels = images.channels();
    int height = images.height();
    int width = images.width();
    byte[] pixels = images.pixelArray();
    int base = images.offset(index);
    int o = 0;
    for (int c = 0; c < channels; c++) {
      float[] table = lookupTables[c];
      float padValue = table[0];
      int plane = base + c * height * width;
      for (int y = 0; y < height; y++) {
        int sourceRow = y + rowOffset - pad;
        boolean rowInside = sourceRow >= 0 && sourceRow < height;
        for (int x = 0; x < width; x++) {
          int croppedColumn = flip ? width - 1 - x : x;
          int sourceColumn = croppedColumn + columnOffset - pad;
          if (rowInside && sourceColumn >= 0 && sourceColumn < width) {
            out[o++] = table[pixels[plane + sourceRow * width + sourceColumn] & 0xFF];
          } else {
            out[o++] = padValue;
          }
        }
      }
    }
  }

  /** {@inheritDoc} */
  @Override
  protected long availableSize() {
    return images.size();
  }

  /** {@inheritDoc} Does nothing: the images are read when the dataset is built. */
  @Override
  public void prepare(Progress progress) {}

  /** Returns this split's raw images and labels. */
  public ImageSet images() {
    return images;
  }

  /** Returns which split this is. */
  public Split split() {
    return split;
  }

  /** Returns the normalisation applied (the training split's statistics unless overridden). */
  public ChannelStats normalization() {
    return normalization;
  }

  /** Returns the augmentation applied by {@code get}; always none outside the training split. */
  public Augmentation augmentation() {
    return augmentation;
  }

  /** Returns the number of classes. */
  public int classCount() {
    return images.classCount();
  }

  /**
   * Options shared by the image datasets' builders.
   *
   * @param <T> the concrete builder
   */
  public abstract static class Builder<T extends Builder<T>> extends BaseBuilder<T> {

    /** The default number of training images held out for validation. */
    public static final int DEFAULT_VALIDATION_SIZE = 5000;

    Split split;
    Integer validationSize;
    Augmentation augmentation;
    ChannelStats normalization;
    Random random = RandomUtils.RANDOM;
    double labelNoise;
    long labelNoiseSeed;

    /**
     * Sets the split to serve (required).
     *
     * @param split training, validation (the last images of the training files) or test
     * @return this builder
     */
    public T setSplit(Split split) {
      this.split = checkNotNull(split, "split");
      return self();
    }

    /**
     * Sets how many of the training files' last images form the validation split (default 5,000; 0
     * keeps every training image for training, and then there is no validation split).
     *
     * @param validationSize the number of images, &gt;= 0 and smaller than the training files
     * @return this builder
     * @throws IllegalArgumentException if {@code validationSize} is negative
     */
    public T optValidationSize(int validationSize) {
      checkArgument(validationSize >= 0, "validation size must be >= 0 but was %s", validationSize);
      this.validationSize = validationSize;
      return self();
    }

    /**
     * Sets the training augmentation (applied to the training split only).
     *
     * @param augmentation the augmentation
     * @return this builder
     */
    public T optAugmentation(Augmentation augmentation) {
      this.augmentation = checkNotNull(augmentation, "augmentation");
      return self();
    }

    /**
     * Sets the normalisation statistics instead of computing them from the training split, for
     * instance to reuse another split's {@link ImageDataset#normalization()}.
     *
     * @param normalization per-channel mean and standard deviation
     * @return this builder
     */
    public T optNormalization(ChannelStats normalization) {
      this.normalization = checkNotNull(normalization, "normalization");
      return self();
    }

    /**
     * Sets the generator augmentation draws from (default: DJL's {@link RandomUtils#RANDOM},
     * reseeded by {@code Engine.setRandomSeed}). A caller who passes their own generator must
     * reseed it per epoch to make resumed runs repeat.
     *
     * @param random the generator
     * @return this builder
     */
    public T optRandom(Random random) {
      this.random = checkNotNull(random, "random");
      return self();
    }

    /**
     * Replaces a fraction of the training split's labels with another class drawn uniformly (see
     * {@link ImageSet#withNoisyLabels}), as a study of noisy labels needs; the validation and test
     * splits keep their true labels (the setting is ignored there).
     *
     * @param fraction the fraction of training labels to corrupt, in [0, 1]
     * @param seed the seed that picks the images and their wrong classes
     * @return this builder
     * @throws IllegalArgumentException if the fraction is outside [0, 1]
     */
    public T optLabelNoise(double fraction, long seed) {
      checkArgument(
          fraction >= 0 && fraction <= 1, "label noise must be in [0, 1] but was %s", fraction);
      this.labelNoise = fraction;
      this.labelNoiseSeed = seed;
      return self();
    }

    /** Returns the augmentation used when none was set: none for every split of this dataset. */
    protected Augmentation defaultAugmentation() {
      return Augmentation.none();
    }

    /** Returns the validation size used when none was set. */
    protected int defaultValidationSize() {
      return DEFAULT_VALIDATION_SIZE;
    }

    Augmentation effectiveAugmentation() {
      if (split != Split.TRAIN) {
        return Augmentation.none();
      }
      return augmentation != null ? augmentation : defaultAugmentation();
    }

    /** Checks the options that do not depend on the files. */
    void checkOptions() {
      checkState(split != null, "setSplit must be called before build");
      checkArgument(
          split == Split.TRAIN || augmentation == null || augmentation.isNone(),
          "the %s split is never augmented, but augmentation %s was set",
          split,
          augmentation);
    }

    /**
     * Picks this builder's split from the training images (whose last {@code validationSize} images
     * are the validation split) or the test images, and fills in the normalisation from the
     * training part when none was set. The training files are not read for the test split when the
     * normalisation was given.
     *
     * @param training reads the images of the training files
     * @param test reads the images of the test files
     * @return the split's images, copied when they are a small part of a larger array
     * @throws IOException if reading fails
     */
    ImageSet chooseSplit(ImageLoader training, ImageLoader test) throws IOException {
      if (split == Split.TEST && normalization != null) {
        return test.read();
      }
      ImageSet all = training.read();
      int validation = validationSize != null ? validationSize : defaultValidationSize();
      checkArgument(
          validation < all.size(),
          "validation size %s must be smaller than the %s images of %s",
          validation,
          all.size(),
          all.source());
      int trainCount = all.size() - validation;
      ImageSet trainPart = all.slice(0, trainCount);
      if (normalization == null) {
        normalization = ChannelStats.of(trainPart);
      }
      return switch (split) {
        case TRAIN -> trainPart.withNoisyLabels(labelNoise, labelNoiseSeed);
        case VALIDATION -> {
          checkArgument(
              validation > 0,
              "the validation split is empty: validation size is 0 for %s",
              all.source());
          yield all.slice(trainCount, all.size()).compact();
        }
        case TEST -> test.read();
      };
    }

    /** Reads images on demand. */
    @FunctionalInterface
    interface ImageLoader {
      ImageSet read() throws IOException;
    }
  }
}
