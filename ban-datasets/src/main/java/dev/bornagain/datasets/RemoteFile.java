package dev.bornagain.datasets;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.net.URI;

/**
 * One file at an official download location, with its published MD5 checksum.
 *
 * @param uri where to fetch it
 * @param md5 the published MD5 of the file as served, 32 lower-case hex digits
 * @param archiveFolder for a {@code .tar.gz} archive, the folder inside it that holds the data
 *     files (extracted flat into the data directory); empty for a plain file
 */
public record RemoteFile(URI uri, String md5, String archiveFolder) {

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException if the checksum is not 32 lower-case hex digits
   * @throws NullPointerException if a field is null
   */
  public RemoteFile {
    checkNotNull(uri, "uri");
    checkNotNull(archiveFolder, "archiveFolder");
    checkArgument(
        md5 != null && md5.matches("[0-9a-f]{32}"),
        "md5 must be 32 lower-case hex digits but was %s",
        md5);
  }

  /** Returns the file name at the end of the URI. */
  public String fileName() {
    String path = uri.getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Returns whether this is a {@code .tar.gz} archive to extract rather than a data file. */
  public boolean isArchive() {
    return !archiveFolder.isEmpty();
  }
}
