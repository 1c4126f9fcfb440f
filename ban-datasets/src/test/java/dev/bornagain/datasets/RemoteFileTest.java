package dev.bornagain.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class RemoteFileTest {

  @Test
  void everySource_hasWellFormedDownloadsNamingItsFiles() {
    for (DatasetSource source : DatasetSource.values()) {
      assertThat(source.downloads()).isNotEmpty();
      for (RemoteFile remote : source.downloads()) {
        assertThat(remote.uri().getScheme()).isIn("http", "https");
        if (!remote.isArchive()) {
          assertThat(source.requiredFiles()).contains(remote.fileName());
        }
      }
    }
    assertThat(DatasetSource.CIFAR_100.downloads().get(0).fileName())
        .isEqualTo("cifar-100-binary.tar.gz");
  }

  @Test
  void constructor_rejectsAMalformedChecksum() {
    assertThatThrownBy(
            () -> new RemoteFile(java.net.URI.create("https://example.org/x"), "ABC", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ABC");
  }
}
