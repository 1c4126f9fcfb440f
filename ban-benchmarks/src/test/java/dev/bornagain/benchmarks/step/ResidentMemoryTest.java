package dev.bornagain.benchmarks.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ResidentMemoryTest {

  @Test
  void parseVmRss_readsKibibytes() throws IOException {
    List<String> status = List.of("Name:\tjava", "VmPeak:\t 9000 kB", "VmRSS:\t  123456 kB");
    assertThat(ResidentMemory.parseVmRss(status)).isEqualTo(123_456L);
  }

  @Test
  void parseVmRss_rejectsMissingLine() {
    assertThatThrownBy(() -> ResidentMemory.parseVmRss(List.of("Name:\tjava")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no VmRSS line");
  }

  @Test
  void parseVmRss_rejectsOtherUnits() {
    assertThatThrownBy(() -> ResidentMemory.parseVmRss(List.of("VmRSS:\t 12 MB")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unexpected VmRSS line");
  }

  @Test
  void kibibytes_isPositiveForThisProcess() throws IOException {
    assertThat(ResidentMemory.kibibytes()).isPositive();
  }
}
