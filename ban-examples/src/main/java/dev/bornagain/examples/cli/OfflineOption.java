package dev.bornagain.examples.cli;

import dev.bornagain.datasets.DownloadPolicy;
import picocli.CommandLine.Option;

/**
 * {@code --offline}, mixed with {@code @Mixin} into the commands that read a public dataset from a
 * directory, where the files are downloaded if missing unless it is given.
 */
final class OfflineOption {

  @Option(names = "--offline", description = "Never download: missing files are an error.")
  boolean offline;

  /** Returns what to do about missing files. */
  DownloadPolicy policy() {
    return offline ? DownloadPolicy.OFFLINE : DownloadPolicy.DOWNLOAD_IF_MISSING;
  }
}
