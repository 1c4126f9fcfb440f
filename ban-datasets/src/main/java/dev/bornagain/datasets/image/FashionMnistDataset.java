package dev.bornagain.datasets.image;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import dev.bornagain.datasets.DataFiles;
import dev.bornagain.datasets.DatasetSource;
import dev.bornagain.datasets.DownloadPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST (Zalando Research, MIT licence) from its IDX files, gzipped or not, as a DJL
 * dataset of normalised (1, 28, 28) float32 images with int64 scalar labels in [0, 10) (see {@link
 * ImageDataset}).
 *
 * <p>Three sources: a directory holding the four standard files ({@code
 * train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]}, {@code
 * t10k-images-idx3-ubyte[.gz]}, {@code t10k-labels-idx1-ubyte[.gz]}); four files named directly; or
 * {@linkplain Builder#fromEmbeddedDemo() the demo subset} embedded in this jar (the first 6,000
 * training and all 10,000 test images). The validation split is the last 5,000 training images by
 * default (1,000 for the demo subset). No augmentation by default; {@link Augmentation#flipOnly()}
 * or a crop can be asked for.
 */
public final class FashionMnistDataset extends ImageDataset {

  /** The number of classes. */
  public static final int CLASSES = 10;

  /** The class names, by index. */
  public static final ImmutableList<String> CLASS_NAMES =
      ImmutableList.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /** The classpath folder of the embedded demo subset. */
  public static final String DEMO_RESOURCE_FOLDER = "/dev/bornagain/datasets/fashion-mnist-demo/";

  /** Training images in the embedded demo subset. */
  public static final int DEMO_TRAINING_IMAGES = 6000;

  /** Test images in the embedded demo subset. */
  public static final int DEMO_TEST_IMAGES = 10_000;

  /** The demo subset's default validation size. */
  public static final int DEMO_VALIDATION_SIZE = 1000;

  private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  private static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  private FashionMnistDataset(Builder builder, ImageSet images) {
    super(builder, images);
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the embedded demo subset's training images (all 6,000, no split), for tools and tests.
   *
   * @return the images
   * @throws IOException if the resources are missing from the classpath or corrupt
   */
  public static ImageSet readEmbeddedDemoTraining() throws IOException {
    return readResources(TRAIN_IMAGES + ".gz", TRAIN_LABELS + ".gz");
  }

  /**
   * Reads the embedded demo subset's test images (all 1,000).
   *
   * @return the images
   * @throws IOException if the resources are missing from the classpath or corrupt
   */
  public static ImageSet readEmbeddedDemoTest() throws IOException {
    return readResources(TEST_IMAGES + ".gz", TEST_LABELS + ".gz");
  }

  private static ImageSet readResources(String images, String labels) throws IOException {
    return IdxFiles.read(
        "classpath:" + DEMO_RESOURCE_FOLDER + images,
        resource(images),
        "classpath:" + DEMO_RESOURCE_FOLDER + labels,
        resource(labels),
        CLASSES);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in =
        FashionMnistDataset.class.getResourceAsStream(DEMO_RESOURCE_FOLDER + name)) {
      if (in == null) {
        throw new IOException(
            "classpath resource " + DEMO_RESOURCE_FOLDER + name + " is missing from this build");
      }
      return in.readAllBytes();
    }
  }

  /** Builds a {@link FashionMnistDataset}. */
  public static final class Builder extends ImageDataset.Builder<Builder> {

    private Path directory;
    private DownloadPolicy downloadPolicy = DownloadPolicy.DOWNLOAD_IF_MISSING;
    private ImmutableList<Path> files;
    private boolean embeddedDemo;

    private Builder() {}

    /** {@inheritDoc} */
    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Reads the four standard files from {@code directory}, gzipped or not. One of this, {@link
     * #optFiles} and {@link #fromEmbeddedDemo} is required.
     *
     * @param directory the data directory
     * @return this builder
     */
    public Builder setDirectory(Path directory) {
      this.directory = checkNotNull(directory, "directory");
      return this;
    }

    /**
     * Sets whether missing files may be downloaded into the directory (default {@link
     * DownloadPolicy#DOWNLOAD_IF_MISSING}; {@code -Dai.djl.offline=true} always prevents it).
     *
     * @param downloadPolicy the policy
     * @return this builder
     */
    public Builder optDownload(DownloadPolicy downloadPolicy) {
      this.downloadPolicy = checkNotNull(downloadPolicy, "downloadPolicy");
      return this;
    }

    /**
     * Names the four IDX files directly (gzipped or not, any number of images).
     *
     * @param trainImages the training images
     * @param trainLabels the training labels
     * @param testImages the test images
     * @param testLabels the test labels
     * @return this builder
     */
    public Builder optFiles(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {
      this.files = ImmutableList.of(trainImages, trainLabels, testImages, testLabels);
      return this;
    }

    /**
     * Reads the demo subset embedded in this jar: the first 6,000 training and all 10,000 test
     * images of Fashion-MNIST; the validation split defaults to the last 1,000 of the 6,000.
     *
     * @return this builder
     */
    public Builder fromEmbeddedDemo() {
      this.embeddedDemo = true;
      return this;
    }

    /** {@inheritDoc} */
    @Override
    protected int defaultValidationSize() {
      return embeddedDemo ? DEMO_VALIDATION_SIZE : DEFAULT_VALIDATION_SIZE;
    }

    /**
     * Reads the files and builds the split.
     *
     * @return the dataset
     * @throws IOException if files are missing and may not be downloaded (the message lists which
     *     files to put where), or a file is corrupt (the message names it with what was expected
     *     and found)
     * @throws IllegalStateException if the split, the sampling or exactly one source is not set
     * @throws IllegalArgumentException if the validation size is not smaller than the training
     *     images, or augmentation was set for an evaluation split
     */
    public FashionMnistDataset build() throws IOException {
      int sources = (directory != null ? 1 : 0) + (files != null ? 1 : 0) + (embeddedDemo ? 1 : 0);
      checkState(
          sources == 1,
          "exactly one of setDirectory, optFiles and fromEmbeddedDemo must be called but %s were",
          sources);
      checkOptions();
      getSampler();
      ImageSet images;
      if (embeddedDemo) {
        images =
            chooseSplit(
                FashionMnistDataset::readEmbeddedDemoTraining,
                FashionMnistDataset::readEmbeddedDemoTest);
      } else {
        ImmutableList<Path> paths = files != null ? files : standardFiles();
        images =
            chooseSplit(
                () -> IdxFiles.read(paths.get(0), paths.get(1), CLASSES),
                () -> IdxFiles.read(paths.get(2), paths.get(3), CLASSES));
      }
      return new FashionMnistDataset(this, images);
    }

    private ImmutableList<Path> standardFiles() throws IOException {
      ImmutableList<String> names =
          ImmutableList.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
      ImmutableList.Builder<Path> found = ImmutableList.builder();
      for (String name : names) {
        Path gzipped = directory.resolve(name + ".gz");
        Path plain = directory.resolve(name);
        if (Files.isRegularFile(gzipped)) {
          found.add(gzipped);
        } else if (Files.isRegularFile(plain)) {
          found.add(plain);
        } else {
          // Something is missing: fetch the official gzipped files (or explain where to put them).
          Path dir = DataFiles.locate(DatasetSource.FASHION_MNIST, directory, downloadPolicy);
          return names.stream()
              .map(n -> dir.resolve(n + ".gz"))
              .collect(ImmutableList.toImmutableList());
        }
      }
      return found.build();
    }
  }
}
