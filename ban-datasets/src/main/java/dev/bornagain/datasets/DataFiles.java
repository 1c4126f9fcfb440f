package dev.bornagain.datasets;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Finds a dataset's files in a local directory and, when they are missing and downloads are
 * allowed, fetches them from the official location.
 *
 * <p>Every download is written to a temporary file in the target directory, its MD5 checked against
 * the published value, and only then moved into place, so an interrupted or corrupt download never
 * leaves a half-written data file behind. CIFAR archives are unpacked with a small built-in tar
 * reader that extracts only the data files, flat into the data directory.
 */
public final class DataFiles {

  private static final String OFFLINE_PROPERTY = "ai.djl.offline";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private DataFiles() {}

  /**
   * Returns the directory that holds all of {@code source}'s {@linkplain
   * DatasetSource#requiredFiles() files}: {@code directory} itself, or the folder the official
   * archive unpacks to inside it (such as {@code cifar-10-batches-bin}). Missing files are
   * downloaded and verified when {@code policy} allows it and the JVM is not running with {@code
   * -Dai.djl.offline=true}.
   *
   * @param source the dataset
   * @param directory the data directory; created when a download needs it
   * @param policy whether missing files may be downloaded
   * @return the directory that holds every required file
   * @throws IOException if files are missing and may not be downloaded (the message lists the exact
   *     files, the directory to put them in and where to get them), or a download fails or its
   *     checksum does not match
   * @throws NullPointerException if an argument is null
   */
  public static Path locate(DatasetSource source, Path directory, DownloadPolicy policy)
      throws IOException {
    checkNotNull(source, "source");
    checkNotNull(directory, "directory");
    checkNotNull(policy, "policy");
    String offlineReason = null;
    if (policy == DownloadPolicy.OFFLINE) {
      offlineReason = "downloads are disabled (DownloadPolicy.OFFLINE)";
    } else if (Boolean.getBoolean(OFFLINE_PROPERTY)) {
      offlineReason = "downloads are disabled (-D" + OFFLINE_PROPERTY + "=true)";
    }
    return locate(
        source.displayName(), source.requiredFiles(), source.downloads(), directory, offlineReason);
  }

  /**
   * The work of {@link #locate(DatasetSource, Path, DownloadPolicy)}, with the downloads given
   * explicitly so tests can serve them from a local server.
   *
   * @param offlineReason why downloads are disabled, or {@code null} when they are allowed
   */
  static Path locate(
      String name,
      List<String> required,
      List<RemoteFile> downloads,
      Path directory,
      String offlineReason)
      throws IOException {
    Path found = findComplete(required, downloads, directory);
    if (found != null) {
      return found;
    }
    if (offlineReason != null) {
      throw new IOException(missingMessage(name, required, downloads, directory, offlineReason));
    }
    Files.createDirectories(directory);
    Set<String> stillMissing = new HashSet<>(missing(required, directory));
    for (RemoteFile remote : downloads) {
      try {
        if (remote.isArchive()) {
          downloadAndExtract(remote, directory, stillMissing);
        } else if (stillMissing.contains(remote.fileName())) {
          download(remote, directory.resolve(remote.fileName()));
        }
      } catch (IOException e) {
        throw new IOException(
            missingMessage(name, required, downloads, directory, "the download failed: " + e), e);
      }
    }
    List<String> left = missing(required, directory);
    if (!left.isEmpty()) {
      throw new IOException(
          missingMessage(
              name, required, downloads, directory, "the downloads did not provide " + left));
    }
    return directory;
  }

  private static Path findComplete(List<String> required, List<RemoteFile> downloads, Path dir) {
    if (missing(required, dir).isEmpty()) {
      return dir;
    }
    for (RemoteFile remote : downloads) {
      if (remote.isArchive()) {
        Path inner = dir.resolve(remote.archiveFolder());
        if (missing(required, inner).isEmpty()) {
          return inner;
        }
      }
    }
    return null;
  }

  private static List<String> missing(List<String> required, Path directory) {
    List<String> missing = new ArrayList<>();
    for (String file : required) {
      if (!Files.isRegularFile(directory.resolve(file))) {
        missing.add(file);
      }
    }
    return missing;
  }

  /** Names each missing file, saying which are directories or other non-files at their path. */
  private static List<String> describeMissing(List<String> required, Path directory) {
    List<String> described = new ArrayList<>();
    for (String file : missing(required, directory)) {
      Path path = directory.resolve(file);
      if (Files.isDirectory(path)) {
        described.add(file + " (a directory is at " + path.toAbsolutePath() + ", not a file)");
      } else if (Files.exists(path)) {
        described.add(file + " (" + path.toAbsolutePath() + " is not a regular file)");
      } else {
        described.add(file);
      }
    }
    return described;
  }

  private static String missingMessage(
      String name,
      List<String> required,
      List<RemoteFile> downloads,
      Path directory,
      String reason) {
    Path absolute = directory.toAbsolutePath();
    StringBuilder message = new StringBuilder();
    message
        .append(name)
        .append(" data not found: ")
        .append(absolute)
        .append(" lacks ")
        .append(String.join(", ", describeMissing(required, directory)))
        .append(", and ")
        .append(reason)
        .append(". Put these files into ")
        .append(absolute)
        .append(": ")
        .append(String.join(", ", required))
        .append(". They come from:");
    for (RemoteFile remote : downloads) {
      message.append(' ').append(remote.uri()).append(" (md5 ").append(remote.md5());
      if (remote.isArchive()) {
        message
            .append("; unpack its folder ")
            .append(remote.archiveFolder())
            .append(" with: tar -xzf ")
            .append(remote.fileName())
            .append(" --strip-components=1 -C ")
            .append(absolute);
      }
      message.append(')');
    }
    return message.append('.').toString();
  }

  /**
   * Downloads one file, checks its MD5 and moves it to {@code target} atomically.
   *
   * @throws IOException if the transfer fails, the server does not answer 200 or the checksum does
   *     not match (nothing is left at {@code target} then)
   */
  static void download(RemoteFile remote, Path target) throws IOException {
    Path temporary = fetchToTemporary(remote, target.toAbsolutePath().getParent());
    try {
      moveIntoPlace(temporary, target);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static void downloadAndExtract(RemoteFile remote, Path directory, Set<String> wanted)
      throws IOException {
    Path archive = fetchToTemporary(remote, directory);
    try {
      extractTarGz(archive, remote.archiveFolder(), wanted, directory);
    } finally {
      Files.deleteIfExists(archive);
    }
  }

  private static Path fetchToTemporary(RemoteFile remote, Path directory) throws IOException {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    HttpRequest request = HttpRequest.newBuilder(remote.uri()).GET().build();
    Path temporary = Files.createTempFile(directory, remote.fileName() + ".", ".part");
    boolean done = false;
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      MessageDigest md5 = md5();
      try (InputStream body = new DigestInputStream(response.body(), md5)) {
        if (response.statusCode() != 200) {
          throw new IOException(
              remote.uri() + ": expected HTTP status 200 but got " + response.statusCode());
        }
        Files.copy(body, temporary, StandardCopyOption.REPLACE_EXISTING);
      }
      String found = HexFormat.of().formatHex(md5.digest());
      if (!found.equals(remote.md5())) {
        throw new IOException(
            remote.uri() + ": expected md5 " + remote.md5() + " but the download had " + found);
      }
      done = true;
      return temporary;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(remote.uri() + ": download interrupted", e);
    } finally {
      if (!done) {
        Files.deleteIfExists(temporary);
      }
    }
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides MD5", e);
    }
  }

  private static void moveIntoPlace(Path temporary, Path target) throws IOException {
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Extracts the regular files named in {@code wanted} that sit in {@code folder} of a gzipped tar
   * archive, flat into {@code directory}, each through a temporary file.
   *
   * @throws IOException if the archive is truncated or not a tar archive
   */
  static void extractTarGz(Path archive, String folder, Collection<String> wanted, Path directory)
      throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), 1 << 16)) {
      byte[] header = new byte[512];
      String longName = null;
      while (true) {
        if (!readFully(in, header)) {
          return;
        }
        if (isZero(header)) {
          return;
        }
        String entryName = longName != null ? longName : headerName(header);
        longName = null;
        if (entryName.startsWith("./")) {
          entryName = entryName.substring(2);
        }
        long size = parseOctal(archive, header, 124, 12);
        char type = (char) header[156];
        long padded = (size + 511) / 512 * 512;
        if (type == 'L') {
          byte[] name = new byte[Math.toIntExact(padded)];
          if (!readFully(in, name)) {
            throw new EOFException(archive + ": truncated tar archive in a long-name entry");
          }
          longName = cString(name, 0, Math.toIntExact(size));
          continue;
        }
        String base = entryName.substring(entryName.lastIndexOf('/') + 1);
        boolean inFolder = entryName.equals(folder + "/" + base);
        if ((type == '0' || type == 0) && inFolder && wanted.contains(base)) {
          Path temporary = Files.createTempFile(directory, base + ".", ".part");
          try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
              copyExactly(archive, in, out, size);
            }
            moveIntoPlace(temporary, directory.resolve(base));
          } finally {
            Files.deleteIfExists(temporary);
          }
          skipExactly(archive, in, padded - size);
        } else {
          skipExactly(archive, in, padded);
        }
      }
    }
  }

  private static String headerName(byte[] header) {
    String name = cString(header, 0, 100);
    boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    String prefix = ustar ? cString(header, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String cString(byte[] bytes, int offset, int length) {
    int end = offset;
    while (end < offset + length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long parseOctal(Path archive, byte[] header, int offset, int length)
      throws IOException {
    String text = cString(header, offset, length).trim();
    if (text.isEmpty() || !text.matches("[0-7]+")) {
      throw new IOException(
          archive + ": expected an octal entry size in the tar header but found '" + text + "'");
    }
    return Long.parseLong(text, 8);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
    int read = in.readNBytes(buffer, 0, buffer.length);
    if (read == 0) {
      return false;
    }
    if (read < buffer.length) {
      throw new EOFException(
          "truncated tar archive: expected " + buffer.length + " bytes but found " + read);
    }
    return true;
  }

  private static void copyExactly(Path archive, InputStream in, OutputStream out, long size)
      throws IOException {
    byte[] buffer = new byte[1 << 16];
    long left = size;
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        throw new EOFException(
            archive + ": truncated tar entry: expected " + size + " bytes but the archive ended");
      }
      out.write(buffer, 0, read);
      left -= read;
    }
  }

  private static void skipExactly(Path archive, InputStream in, long count) throws IOException {
    try {
      in.skipNBytes(count);
    } catch (EOFException e) {
      throw new EOFException(archive + ": truncated tar archive: " + e.getMessage());
    }
  }
}
