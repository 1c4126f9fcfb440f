package dev.bornagain.datasets;

/** Whether a missing dataset may be fetched from its official location. */
public enum DownloadPolicy {
  /**
   * Download missing files from the official location and verify their checksums, unless the JVM
   * runs with {@code -Dai.djl.offline=true}, which is then treated as {@link #OFFLINE}.
   */
  DOWNLOAD_IF_MISSING,
  /** Never touch the network: a missing file is an error that says which files to put where. */
  OFFLINE
}
