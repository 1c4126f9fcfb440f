package dev.bornagain.datasets.text;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.bornagain.datasets.BadDataFileException;
import dev.bornagain.datasets.DataFileAccess;
import dev.bornagain.datasets.DataFiles;
import dev.bornagain.datasets.DatasetSource;
import dev.bornagain.datasets.DownloadPolicy;
import dev.bornagain.datasets.Split;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
   * @throws BadDataFileException if a file has no words (an empty {@code ptb.valid.txt}), is not
   *     UTF-8 (the message names the line and byte offset), or a validation or test word is not in
   *     the training vocabulary (the message names the file, line and word, and the training file,
   *     which may be the damaged one)
   * @throws IOException if a file is missing, a directory or cannot be read (the message names the
   *     file and the operation)
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
        vocabulary,
        train,
        encode(validFile, vocabulary, trainFile, "validation text"),
        encode(testFile, vocabulary, trainFile, "test text"));
  }

  private static List<String> words(Path file) throws IOException {
    List<String> words = new ArrayList<>();
    for (String line : lines(file, "training text")) {
      for (String word : line.trim().split("\\s+")) {
        if (!word.isEmpty()) {
          words.add(word);
        }
      }
      words.add(Vocabulary.EOS);
    }
    return words;
  }

  private static int[] encode(Path file, Vocabulary vocabulary, Path trainFile, String what)
      throws IOException {
    List<String> lines = lines(file, what);
    IntStream.Builder ids = IntStream.builder();
    int eos = vocabulary.id(Vocabulary.EOS);
    boolean anyWord = false;
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
                  + " words, from "
                  + trainFile
                  + ") but found '"
                  + word
                  + "'");
        }
        anyWord = true;
        ids.add(vocabulary.id(word));
      }
      ids.add(eos);
    }
    if (!anyWord) {
      throw new BadDataFileException(
          file,
          "expected "
              + what
              + " with words but found "
              + (lines.isEmpty() ? "an empty file" : "only empty lines"));
    }
    return ids.build().toArray();
  }

  /**
   * Reads a text file's lines as strict UTF-8: a byte sequence that is not UTF-8 is refused naming
   * the file, the line and the byte offset (the JDK says only "Input length = 1").
   */
  static List<String> lines(Path file, String what) throws IOException {
    checkNotNull(file, "file");
    byte[] bytes;
    try (InputStream in = DataFileAccess.open(file, what + " file")) {
      bytes = in.readAllBytes();
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer input = ByteBuffer.wrap(bytes);
    CharBuffer output = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(input, output, true);
    if (!result.isError()) {
      result = decoder.flush(output);
    }
    if (result.isError()) {
      int offset = input.position();
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < offset; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      StringBuilder found = new StringBuilder();
      for (int i = offset; i < Math.min(bytes.length, offset + result.length()); i++) {
        found.append(String.format(Locale.ROOT, " %02x", bytes[i] & 0xFF));
      }
      throw new BadDataFileException(
          file,
          "line "
              + line
              + ", byte offset "
              + offset
              + " (column "
              + (offset - lineStart + 1)
              + "): expected UTF-8 text but found the byte"
              + (result.length() == 1 ? "" : "s")
              + found);
    }
    output.flip();
    List<String> lines = new ArrayList<>();
    String text = output.toString();
    int from = 0;
    while (from < text.length()) {
      int newline = text.indexOf('\n', from);
      int to = newline < 0 ? text.length() : newline;
      String line = text.substring(from, to);
      lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
      from = to + 1;
    }
    return lines;
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
