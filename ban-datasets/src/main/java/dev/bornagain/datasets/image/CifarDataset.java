package dev.bornagain.datasets.image;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import dev.bornagain.datasets.DataFiles;
import dev.bornagain.datasets.DownloadPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * CIFAR-10 or CIFAR-100 from the standard binary files, as a DJL dataset of normalised (3, 32, 32)
 * float32 images with int64 scalar labels (see {@link ImageDataset}).
 *
 * <p>Standard files: {@code data_batch_1.bin} to {@code data_batch_5.bin} and {@code
 * test_batch.bin} (10,000 records each) for CIFAR-10; {@code train.bin} (50,000) and {@code
 * test.bin} (10,000) for CIFAR-100, fine labels unless {@link CifarLayout#CIFAR_100_COARSE}. Files
 * named with {@link Builder#optFiles} may hold any whole number of records, such as the 4,000-image
 * subset of {@code data_batch_1.bin}.
 *
 * <p>The validation split is the last {@code validationSize} images of the training files (default
 * 5,000), never test images. The training split is augmented by default with {@link
 * Augmentation#cropAndFlip(int) cropAndFlip(4)}: pad 4, random 32 x 32 crop, random horizontal
 * flip. Normalisation uses the per-channel statistics of the training split.
 *
 * <pre>{@code
 * CifarDataset train = CifarDataset.builder()
 *     .setDirectory(dir).setLayout(CifarLayout.CIFAR_10).setSplit(Split.TRAIN)
 *     .setSampling(128, true).build();
 * }</pre>
 */
public final class CifarDataset extends ImageDataset {

  /** The CIFAR-10 class names, by index. */
  public static final ImmutableList<String> CIFAR_10_CLASS_NAMES =
      ImmutableList.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  private final CifarLayout layout;

  private CifarDataset(Builder builder, ImageSet images) {
    super(builder, images);
    this.layout = builder.layout;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the layout read (CIFAR-10, or CIFAR-100 with fine or coarse labels). */
  public CifarLayout layout() {
    return layout;
  }

  /** Builds a {@link CifarDataset}. */
  public static final class Builder extends ImageDataset.Builder<Builder> {

    private CifarLayout layout;
    private Path directory;
    private DownloadPolicy downloadPolicy = DownloadPolicy.DOWNLOAD_IF_MISSING;
    private ImmutableList<Path> trainingFiles;
    private Path testFile;

    private Builder() {}

    /** {@inheritDoc} */
    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the layout (required): CIFAR-10, CIFAR-100 fine or CIFAR-100 coarse.
     *
     * @param layout the layout
     * @return this builder
     */
    public Builder setLayout(CifarLayout layout) {
      this.layout = checkNotNull(layout, "layout");
      return this;
    }

    /**
     * Reads the standard files from {@code directory} (or the folder the official archive unpacks
     * to inside it), each of which must hold exactly the standard number of records. Either this or
     * {@link #optFiles} is required.
     *
     * @param directory the data directory
     * @return this builder
     */
    public Builder setDirectory(Path directory) {
      this.directory = checkNotNull(directory, "directory");
      return this;
    }

    /**
     * Sets whether missing standard files may be downloaded (default {@link
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
     * Names the training and test files directly instead of a directory; each may hold any whole,
     * non-zero number of records.
     *
     * @param trainingFiles the training files, concatenated in order
     * @param testFile the test file
     * @return this builder
     * @throws IllegalArgumentException if no training file is given
     */
    public Builder optFiles(List<Path> trainingFiles, Path testFile) {
      checkArgument(!trainingFiles.isEmpty(), "at least one training file is needed");
      this.trainingFiles = ImmutableList.copyOf(trainingFiles);
      this.testFile = checkNotNull(testFile, "testFile");
      return this;
    }

    /** Returns pad 4, random crop and random flip for the training split. */
    @Override
    protected Augmentation defaultAugmentation() {
      return Augmentation.cropAndFlip(4);
    }

    /**
     * Reads the files and builds the split.
     *
     * @return the dataset
     * @throws IOException if files are missing and may not be downloaded (the message lists which
     *     files to put where), or a file is corrupt (the message names it with the expected and
     *     found sizes or labels)
     * @throws IllegalStateException if the layout, split, sampling or the files are not set, or
     *     both a directory and files are
     * @throws IllegalArgumentException if the validation size is not smaller than the training
     *     images, or augmentation was set for an evaluation split
     */
    public CifarDataset build() throws IOException {
      checkState(layout != null, "setLayout must be called before build");
      checkState(
          (directory == null) != (trainingFiles == null),
          "exactly one of setDirectory and optFiles must be called (directory %s, files %s)",
          directory,
          trainingFiles);
      checkOptions();
      getSampler();
      List<Path> training;
      Path test;
      int trainingRecords;
      int testRecords;
      if (directory != null) {
        Path dir = DataFiles.locate(layout.source(), directory, downloadPolicy);
        training = layout.trainingFiles().stream().map(dir::resolve).toList();
        test = dir.resolve(layout.testFile());
        trainingRecords = layout.recordsPerTrainingFile();
        testRecords = layout.recordsPerTestFile();
      } else {
        training = trainingFiles;
        test = testFile;
        trainingRecords = 0;
        testRecords = 0;
      }
      ImageSet images =
          chooseSplit(
              () -> CifarFiles.read(layout, training, trainingRecords),
              () -> CifarFiles.read(layout, List.of(test), testRecords));
      return new CifarDataset(this, images);
    }
  }
}
