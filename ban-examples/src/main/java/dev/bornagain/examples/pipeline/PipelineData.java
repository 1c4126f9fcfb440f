package dev.bornagain.examples.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.training.dataset.RandomAccessDataset;
import com.google.common.collect.ImmutableList;
import dev.bornagain.datasets.DataFileAccess;
import dev.bornagain.datasets.DownloadPolicy;
import dev.bornagain.datasets.Split;
import dev.bornagain.datasets.image.CifarDataset;
import dev.bornagain.datasets.image.CifarLayout;
import dev.bornagain.datasets.image.FashionMnistDataset;
import dev.bornagain.datasets.image.ImageDataset;
import dev.bornagain.datasets.text.LanguageModelDataset;
import dev.bornagain.datasets.text.PennTreebankCorpus;
import dev.bornagain.examples.report.Metric;
import dev.bornagain.models.catalogue.InputKind;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Reads the paper's datasets into {@link PreparedData}: the training split shuffled (and, for
 * CIFAR, augmented with pad-4 crops and flips), validation and test in order, the subsets of the
 * settings applied, and validation and test normalised with the training split's statistics.
 */
public final class PipelineData {

  /**
   * The seed of the label noise: every seed of a run, and every run, corrupts the same labels, so a
   * noisy dataset is one fixed dataset, as a real one would be.
   */
  public static final long LABEL_NOISE_SEED = 20260;

  private PipelineData() {}

  /**
   * CIFAR-10 or CIFAR-100 from the standard files in a directory.
   *
   * @param layout CIFAR-10, CIFAR-100 fine or CIFAR-100 coarse
   * @param directory the data directory
   * @param downloadPolicy whether missing files may be downloaded
   * @param validationSize training images held out for validation, or null for 5,000
   * @param settings batch size and subsets
   * @return the splits
   * @throws IOException if the files are missing (the message says which to put where) or corrupt
   * @throws IllegalArgumentException if the validation size is not smaller than the training set
   */
  public static PreparedData cifar(
      CifarLayout layout,
      Path directory,
      DownloadPolicy downloadPolicy,
      Integer validationSize,
      PipelineSettings settings)
      throws IOException {
    checkNotNull(directory, "directory");
    return cifar(
        layout,
        () -> CifarDataset.builder().setDirectory(directory).optDownload(downloadPolicy),
        validationSize != null ? validationSize : ImageDataset.Builder.DEFAULT_VALIDATION_SIZE,
        settings);
  }

  /**
   * CIFAR-10 or CIFAR-100 from named files holding any whole number of records, such as the
   * 4,000-image subset of {@code data_batch_1.bin}.
   *
   * @param layout the records' layout
   * @param trainingFiles the training files, concatenated
   * @param testFile the test file
   * @param validationSize training images held out for validation, or null for a tenth of them
   * @param settings batch size and subsets
   * @return the splits
   * @throws IOException if a file is missing or corrupt
   * @throws IllegalArgumentException if the validation size is not smaller than the training set
   */
  public static PreparedData cifar(
      CifarLayout layout,
      List<Path> trainingFiles,
      Path testFile,
      Integer validationSize,
      PipelineSettings settings)
      throws IOException {
    checkArgument(!trainingFiles.isEmpty(), "at least one training file is needed");
    for (Path file : ImmutableList.<Path>builder().addAll(trainingFiles).add(testFile).build()) {
      DataFileAccess.requireFile(
          file, layout.displayName() + (file.equals(testFile) ? " test file" : " training file"));
    }
    int validation;
    if (validationSize != null) {
      validation = validationSize;
    } else {
      long bytes = 0;
      for (Path file : trainingFiles) {
        bytes += DataFileAccess.size(file, layout.displayName() + " training file");
      }
      validation = Math.toIntExact(bytes / layout.recordBytes() / 10);
    }
    return cifar(
        layout,
        () -> CifarDataset.builder().optFiles(trainingFiles, testFile),
        validation,
        settings);
  }

  private static PreparedData cifar(
      CifarLayout layout,
      Supplier<CifarDataset.Builder> source,
      int validationSize,
      PipelineSettings settings)
      throws IOException {
    CifarDataset train =
        subset(
                source.get().setLayout(layout).setSplit(Split.TRAIN),
                settings.trainSubset(),
                validationSize)
            .optLabelNoise(settings.labelNoise(), LABEL_NOISE_SEED)
            .setSampling(settings.batchSize(), true)
            .build();
    checkTrainSubset(settings.trainSubset(), train.size(), "images");
    CifarDataset validation =
        cifarEvaluation(
            source.get().setLayout(layout).setSplit(Split.VALIDATION),
            train,
            validationSize,
            settings);
    CifarDataset test =
        cifarEvaluation(
            source.get().setLayout(layout).setSplit(Split.TEST), train, validationSize, settings);
    String name =
        switch (layout) {
          case CIFAR_10 -> "cifar10";
          case CIFAR_100 -> "cifar100";
          case CIFAR_100_COARSE -> "cifar100-coarse";
        };
    return new PreparedData(
        name,
        describe(layout.displayName(), "images", train, validation, test, settings),
        train,
        validation,
        test,
        layout.classCount(),
        InputKind.RGB_32,
        Metric.ERROR_PERCENT,
        layout == CifarLayout.CIFAR_10 ? CifarDataset.CIFAR_10_CLASS_NAMES : ImmutableList.of(),
        train.normalization());
  }

  /** A validation or test split: in order, normalised with the training images' statistics. */
  private static CifarDataset cifarEvaluation(
      CifarDataset.Builder split, CifarDataset train, int validationSize, PipelineSettings settings)
      throws IOException {
    return subset(split, settings.evalSubset(), validationSize)
        .optNormalization(train.normalization())
        .setSampling(settings.batchSize(), false)
        .build();
  }

  /**
   * Fashion-MNIST from the four standard IDX files in a directory, without augmentation.
   *
   * @param directory the data directory
   * @param downloadPolicy whether missing files may be downloaded
   * @param validationSize training images held out for validation, or null for 5,000
   * @param settings batch size and subsets
   * @return the splits
   * @throws IOException if files are missing (the message says which to put where) or corrupt
   * @throws IllegalArgumentException if the validation size is not smaller than the training set
   */
  public static PreparedData fashionMnist(
      Path directory,
      DownloadPolicy downloadPolicy,
      Integer validationSize,
      PipelineSettings settings)
      throws IOException {
    checkNotNull(directory, "directory");
    return fashionMnist(
        "fashion-mnist",
        () -> FashionMnistDataset.builder().setDirectory(directory).optDownload(downloadPolicy),
        validationSize != null ? validationSize : ImageDataset.Builder.DEFAULT_VALIDATION_SIZE,
        settings);
  }

  /**
   * The Fashion-MNIST subset embedded in this jar: 5,000 training, 1,000 validation and 10,000 test
   * images (before the settings' subsets).
   *
   * @param settings batch size and subsets
   * @return the splits
   * @throws IOException if the embedded files are missing from the build
   */
  public static PreparedData fashionMnistDemo(PipelineSettings settings) throws IOException {
    return fashionMnist(
        "fashion-mnist (embedded subset)",
        () -> FashionMnistDataset.builder().fromEmbeddedDemo(),
        FashionMnistDataset.DEMO_VALIDATION_SIZE,
        settings);
  }

  private static PreparedData fashionMnist(
      String name,
      Supplier<FashionMnistDataset.Builder> source,
      int validationSize,
      PipelineSettings settings)
      throws IOException {
    FashionMnistDataset train =
        subset(source.get().setSplit(Split.TRAIN), settings.trainSubset(), validationSize)
            .optLabelNoise(settings.labelNoise(), LABEL_NOISE_SEED)
            .setSampling(settings.batchSize(), true)
            .build();
    checkTrainSubset(settings.trainSubset(), train.size(), "images");
    FashionMnistDataset validation =
        subset(source.get().setSplit(Split.VALIDATION), settings.evalSubset(), validationSize)
            .optNormalization(train.normalization())
            .setSampling(settings.batchSize(), false)
            .build();
    FashionMnistDataset test =
        subset(source.get().setSplit(Split.TEST), settings.evalSubset(), validationSize)
            .optNormalization(train.normalization())
            .setSampling(settings.batchSize(), false)
            .build();
    return new PreparedData(
        name,
        describe("Fashion-MNIST", "images", train, validation, test, settings),
        train,
        validation,
        test,
        FashionMnistDataset.CLASSES,
        InputKind.GREY_28,
        Metric.ERROR_PERCENT,
        FashionMnistDataset.CLASS_NAMES,
        train.normalization());
  }

  /**
   * The Penn Treebank for word-level language modelling: contiguous rows of {@code batchSize}
   * tokens cut into windows of {@code bptt} steps; the subsets count tokens from the start of each
   * file.
   *
   * @param directory the directory holding {@code ptb.train.txt}, {@code ptb.valid.txt} and {@code
   *     ptb.test.txt}
   * @param downloadPolicy whether missing files may be downloaded
   * @param bptt the unrolled steps per window, &gt;= 1
   * @param settings batch size and subsets
   * @return the splits
   * @throws IOException if files are missing (the message says which to put where) or unreadable
   * @throws IllegalArgumentException if a subset leaves fewer than 2 tokens per row
   */
  public static PreparedData pennTreebank(
      Path directory, DownloadPolicy downloadPolicy, int bptt, PipelineSettings settings)
      throws IOException {
    checkArgument(bptt >= 1, "bptt must be >= 1 but was %s", bptt);
    checkArgument(
        settings.labelNoise() == 0,
        "label noise (%s) applies to image classes, not to the Penn Treebank's next words",
        settings.labelNoise());
    PennTreebankCorpus corpus = PennTreebankCorpus.load(directory, downloadPolicy);
    LanguageModelDataset train = text(corpus, Split.TRAIN, settings.trainSubset(), bptt, settings);
    LanguageModelDataset validation =
        text(corpus, Split.VALIDATION, settings.evalSubset(), bptt, settings);
    LanguageModelDataset test = text(corpus, Split.TEST, settings.evalSubset(), bptt, settings);
    String description =
        String.format(
            Locale.ROOT,
            "Penn Treebank: %d training, %d validation, %d test tokens%s; vocabulary %d; batches of"
                + " %d rows x %d steps",
            train.predictedTokens(),
            validation.predictedTokens(),
            test.predictedTokens(),
            evalSubsetNotice(
                settings,
                corpus.tokenCount(Split.VALIDATION),
                corpus.tokenCount(Split.TEST),
                "tokens"),
            corpus.vocabulary().size(),
            settings.batchSize(),
            bptt);
    return new PreparedData(
        "ptb",
        description,
        train,
        validation,
        test,
        corpus.vocabulary().size(),
        InputKind.TOKENS,
        Metric.PERPLEXITY,
        // The vocabulary in id order: an export's synset.txt, so a user can map words to ids.
        corpus.vocabulary().words(),
        null);
  }

  private static LanguageModelDataset text(
      PennTreebankCorpus corpus, Split split, int subset, int bptt, PipelineSettings settings) {
    int[] tokens = corpus.tokens(split);
    if (split == Split.TRAIN && subset > 0) {
      checkTrainSubset(subset, tokens.length, "tokens");
    }
    if (subset > 0 && subset < tokens.length) {
      tokens = Arrays.copyOf(tokens, subset);
    }
    return LanguageModelDataset.builder()
        .setTokens(tokens)
        .setSampling(settings.batchSize(), false)
        .optBptt(bptt)
        .build();
  }

  /**
   * Refuses a training subset larger than the training split, which DJL's {@code optLimit} would
   * clamp silently: a built split smaller than the subset asked for was clamped.
   */
  private static void checkTrainSubset(int subset, long available, String unit) {
    checkArgument(
        subset == 0 || subset <= available,
        "--train-subset %s asks for more than the %s training %s there are: pass at most %s, or 0"
            + " for all",
        subset,
        available,
        unit,
        available);
  }

  /** A notice when the evaluation subset is larger than a split, which is then used whole. */
  private static String evalSubsetNotice(
      PipelineSettings settings, long validation, long test, String unit) {
    int subset = settings.evalSubset();
    if (subset == 0 || (subset <= validation && subset <= test)) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        " (--eval-subset %d is more than the %s: %s used whole)",
        subset,
        subset > validation && subset > test
            ? "validation and test " + unit
            : (subset > validation ? validation + " validation " : test + " test ") + unit,
        subset > validation && subset > test ? "both" : "that split is");
  }

  private static <B extends ImageDataset.Builder<B>> B subset(
      B builder, int subset, int validationSize) {
    builder.optValidationSize(validationSize);
    return subset > 0 ? builder.optLimit(subset) : builder;
  }

  private static String describe(
      String dataset,
      String unit,
      RandomAccessDataset train,
      RandomAccessDataset validation,
      RandomAccessDataset test,
      PipelineSettings settings) {
    String noise =
        settings.labelNoise() == 0
            ? ""
            : String.format(
                Locale.ROOT,
                "; %s%% of the training labels replaced by a uniformly drawn other class (seed"
                    + " %d), validation and test labels clean",
                new DecimalFormat("0.##", DecimalFormatSymbols.getInstance(Locale.ROOT))
                    .format(100 * settings.labelNoise()),
                LABEL_NOISE_SEED);
    return String.format(
        Locale.ROOT,
        "%s: %d training, %d validation, %d test %s%s%s",
        dataset,
        train.size(),
        validation.size(),
        test.size(),
        unit,
        evalSubsetNotice(settings, validation.size(), test.size(), unit),
        noise);
  }
}
