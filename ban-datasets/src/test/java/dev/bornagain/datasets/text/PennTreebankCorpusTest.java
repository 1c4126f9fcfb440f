package dev.bornagain.datasets.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bornagain.datasets.BadDataFileException;
import dev.bornagain.datasets.DownloadPolicy;
import dev.bornagain.datasets.SharedData;
import dev.bornagain.datasets.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PennTreebankCorpusTest {

  private static PennTreebankCorpus ptb;

  @TempDir Path temp;

  @BeforeAll
  static void load() throws IOException {
    ptb = PennTreebankCorpus.load(SharedData.folder("ptb"), DownloadPolicy.OFFLINE);
  }

  @Test
  void load_sharedPtb_hasThePublishedTokenCountsAndVocabulary() {
    assertThat(ptb.tokenCount(Split.TRAIN)).isEqualTo(929_589);
    assertThat(ptb.tokenCount(Split.VALIDATION)).isEqualTo(73_760);
    assertThat(ptb.tokenCount(Split.TEST)).isEqualTo(82_430);
    assertThat(ptb.vocabulary().size()).isEqualTo(10_000);
    assertThat(ptb.vocabulary().contains("<eos>")).isTrue();
    assertThat(ptb.vocabulary().contains("<unk>")).isTrue();
  }

  @Test
  void load_sharedPtb_endsEveryLineWithEosAndIndexesByFirstAppearance() throws IOException {
    Path train = SharedData.file("ptb", "ptb.train.txt");
    String firstLine = Files.readAllLines(train).get(0);
    String[] words = firstLine.trim().split("\\s+");
    int[] tokens = ptb.tokens(Split.TRAIN);
    Vocabulary vocabulary = ptb.vocabulary();

    for (int i = 0; i < words.length; i++) {
      assertThat(vocabulary.word(tokens[i])).isEqualTo(words[i]);
    }
    assertThat(vocabulary.word(tokens[words.length])).isEqualTo("<eos>");
    assertThat(tokens[0]).isZero();
    assertThat(vocabulary.word(tokens[tokens.length - 1])).isEqualTo("<eos>");
    long eosCount =
        java.util.Arrays.stream(tokens).filter(t -> t == vocabulary.id("<eos>")).count();
    assertThat(eosCount).isEqualTo(42_068);
  }

  @Test
  void fromFiles_buildsTheVocabularyFromTrainingOnly() throws IOException {
    Path train = Files.writeString(temp.resolve("train.txt"), " the cat sat \n\nthe  dog\n");
    Path valid = Files.writeString(temp.resolve("valid.txt"), "the dog sat\n");
    Path test = Files.writeString(temp.resolve("test.txt"), "cat\n");

    PennTreebankCorpus corpus = PennTreebankCorpus.fromFiles(train, valid, test);

    assertThat(corpus.vocabulary().words()).containsExactly("the", "cat", "sat", "<eos>", "dog");
    assertThat(corpus.tokens(Split.TRAIN)).containsExactly(0, 1, 2, 3, 3, 0, 4, 3);
    assertThat(corpus.tokens(Split.VALIDATION)).containsExactly(0, 4, 2, 3);
    assertThat(corpus.tokens(Split.TEST)).containsExactly(1, 3);
  }

  @Test
  void fromFiles_wordOutsideTheTrainingVocabulary_namesFileLineAndWord() throws IOException {
    Path train = Files.writeString(temp.resolve("train.txt"), "a b\n");
    Path valid = Files.writeString(temp.resolve("valid.txt"), "a\nb zebra\n");
    Path test = Files.writeString(temp.resolve("test.txt"), "a\n");

    assertThatThrownBy(() -> PennTreebankCorpus.fromFiles(train, valid, test))
        .isInstanceOf(BadDataFileException.class)
        .hasMessage(
            valid
                + ": line 2: expected words of the training vocabulary (3 words, from "
                + train
                + ") but found 'zebra'");
  }

  @Test
  void fromFiles_emptyTrainingText_isRejected() throws IOException {
    Path train = Files.writeString(temp.resolve("train.txt"), "\n\n");
    assertThatThrownBy(() -> PennTreebankCorpus.fromFiles(train, train, train))
        .isInstanceOf(BadDataFileException.class)
        .hasMessageContaining(train.toString())
        .hasMessageContaining("found only empty lines");
  }

  @Test
  void load_offlineOnEmptyDirectory_saysWhichFilesToPutWhere() {
    assertThatThrownBy(() -> PennTreebankCorpus.load(temp, DownloadPolicy.OFFLINE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(
            "Put these files into "
                + temp.toAbsolutePath()
                + ": ptb.train.txt, ptb.valid.txt,"
                + " ptb.test.txt");
  }

  @Test
  void fromFiles_invalidUtf8_namesFileLineAndByteOffset() throws IOException {
    Path train = Files.writeString(temp.resolve("train.txt"), "the cat\nthe dog\n");
    byte[] valid =
        "the cat\nthe \u00e9dog\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Path validFile = Files.write(temp.resolve("valid.txt"), valid);
    Path test = Files.writeString(temp.resolve("test.txt"), "the dog\n");
    assertThatThrownBy(() -> PennTreebankCorpus.fromFiles(train, validFile, test))
        .isInstanceOf(BadDataFileException.class)
        .hasMessage(
            validFile
                + ": line 2, byte offset 12 (column 5): expected UTF-8 text but found the byte e9");
  }

  @Test
  void fromFiles_emptyValidationFile_isNamed() throws IOException {
    Path train = Files.writeString(temp.resolve("ptb.train.txt"), "the cat\n");
    Path valid = Files.writeString(temp.resolve("ptb.valid.txt"), "");
    Path test = Files.writeString(temp.resolve("ptb.test.txt"), "the cat\n");
    assertThatThrownBy(() -> PennTreebankCorpus.fromFiles(train, valid, test))
        .isInstanceOf(BadDataFileException.class)
        .hasMessage(valid + ": expected validation text with words but found an empty file");
  }

  @Test
  void fromFiles_directoryInsteadOfTestFile_saysDirectory() throws IOException {
    Path train = Files.writeString(temp.resolve("ptb.train.txt"), "the cat\n");
    Path valid = Files.writeString(temp.resolve("ptb.valid.txt"), "the cat\n");
    Path test = Files.createDirectory(temp.resolve("ptb.test.txt"));
    assertThatThrownBy(() -> PennTreebankCorpus.fromFiles(train, valid, test))
        .isInstanceOf(BadDataFileException.class)
        .hasMessage(
            test + ": expected a file (the test text file) but found a directory at this path");
  }

  @Test
  void load_directoryInsteadOfAFile_isCalledADirectory() throws IOException {
    Files.writeString(temp.resolve("ptb.train.txt"), "the cat\n");
    Files.writeString(temp.resolve("ptb.valid.txt"), "the cat\n");
    Files.createDirectory(temp.resolve("ptb.test.txt"));
    assertThatThrownBy(() -> PennTreebankCorpus.load(temp, DownloadPolicy.OFFLINE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(
            "lacks ptb.test.txt (a directory is at "
                + temp.resolve("ptb.test.txt").toAbsolutePath()
                + ", not a file)");
  }
}
