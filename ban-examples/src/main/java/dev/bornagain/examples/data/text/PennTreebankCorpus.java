package dev.bornagain.examples.data.text;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.bornagain.examples.data.BadDataFileException;
import dev.bornagain.examples.data.DataFiles;
import dev.bornagain.examples.data.DatasetSource;
import dev.bornagain.examples.data.DownloadPolicy;
import dev.bornagain.examples.data.Split;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The Penn Treebank, word level (Mikolov's split): {@code ptb.train.txt}, {@code ptb.valid.txt} and
 * {@code ptb.test.txt}, each line split on whitespace with {@link Vocabulary#EOS} appended. The
 * vocabulary comes from the training file only (10,000 words with {@code <eos>}); a validation or
 * test word outside it is an error, since the corpus maps rare words to {@code <unk>} already.
 *
 * <p>Token counts of the standard files: 929,589 (train), 73,760 (valid), 82,430 (test). Unlike
 * DJL's {@code PennTreebankText}, nothing is lower-cased, split or dropped.
 */
public final class PennTreebankCorpus {

  private final Vocabulary vocabulary;
  private final int[] train;
  private final int[] valid;
  private final int[] test;

  private PennTreebankCorpus(Vocabulary vocabulary, int[] train, int[] valid, int[] test) {
    this.vocabulary = vocabulary;
    this.train = train;
    this.valid = valid;
    this.test = test;
  }

  /**
   * Reads the three standard files from a directory, downloading them first if they are missing and
   * the policy allows it.
   *
   * @param directory the directory holding {@code ptb.train.txt}, {@code ptb.valid.txt} and {@code
   *     ptb.test.txt}
   * @param downloadPolicy whether missing files may be downloaded
   * @return the corpus
   * @throws IOException if files are missing and may not be downloaded (the message says which
   *     files to put where), cannot be read, or a validation or test word is not in the training
   *     vocabulary
   */
  public static PennTreebankCorpus load(Path directory, DownloadPolicy downloadPolicy)
      throws IOException {
    Path dir = DataFiles.locate(DatasetSource.PENN_TREEBANK, directory, downloadPolicy);
    return fromFiles(
        dir.resolve("ptb.train.txt"), dir.resolve("ptb.valid.txt"), dir.resolve("ptb.test.txt"));
  }

  /**
   * Reads three files in the Penn Treebank text format.
   *
   * @param trainFile the training text; the vocabulary comes from it alone
   * @param validFile the validation text
   * @param testFile the test text
   * @return the corpus
   * @throws BadDataFileException if the training file has no words, or a validation or test word is
   *     not in the training vocabulary (the message names the file, line and word)
   * @throws IOException if a file cannot be read
   */
  public static PennTreebankCorpus fromFiles(Path trainFile, Path validFile, Path testFile)
      throws IOException {
    List<String> trainWords = words(trainFile);
    if (trainWords.stream().allMatch(Vocabulary.EOS::equals)) {
      throw new BadDataFileException(
          trainFile, "expected training text with words but found only empty lines");
    }
    Vocabulary vocabulary = Vocabulary.of(trainWords);
    int[] train = trainWords.stream().mapToInt(vocabulary::id).toArray();
    return new PennTreebankCorpus(
        vocabulary, train, encode(validFile, vocabulary), encode(testFile, vocabulary));
  }

  private static List<String> words(Path file) throws IOException {
    List<String> words = new ArrayList<>();
    for (String line : Files.readAllLines(checkNotNull(file, "file"), StandardCharsets.UTF_8)) {
      for (String word : line.trim().split("\\s+")) {
        if (!word.isEmpty()) {
          words.add(word);
        }
      }
      words.add(Vocabulary.EOS);
    }
    return words;
  }

  private static int[] encode(Path file, Vocabulary vocabulary) throws IOException {
    List<String> lines = Files.readAllLines(checkNotNull(file, "file"), StandardCharsets.UTF_8);
    IntStream.Builder ids = IntStream.builder();
    int eos = vocabulary.id(Vocabulary.EOS);
    for (int l = 0; l < lines.size(); l++) {
      for (String word : lines.get(l).trim().split("\\s+")) {
        if (word.isEmpty()) {
          continue;
        }
        if (!vocabulary.contains(word)) {
          throw new BadDataFileException(
              file,
              "line "
                  + (l + 1)
                  + ": expected words of the training vocabulary ("
                  + vocabulary.size()
                  + " words) but found '"
                  + word
                  + "'");
        }
        ids.add(vocabulary.id(word));
      }
      ids.add(eos);
    }
    return ids.build().toArray();
  }

  /** Returns the training vocabulary. */
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /**
   * Returns a copy of a split's token ids; {@link Split#VALIDATION} is {@code ptb.valid.txt}.
   *
   * @param split the split
   * @return the ids, {@code <eos>} after every line
   */
  public int[] tokens(Split split) {
    return switch (checkNotNull(split, "split")) {
      case TRAIN -> train.clone();
      case VALIDATION -> valid.clone();
      case TEST -> test.clone();
    };
  }

  /**
   * Returns the number of tokens of a split, {@code <eos>} included.
   *
   * @param split the split
   * @return the count
   */
  public int tokenCount(Split split) {
    return switch (checkNotNull(split, "split")) {
      case TRAIN -> train.length;
      case VALIDATION -> valid.length;
      case TEST -> test.length;
    };
  }
}
