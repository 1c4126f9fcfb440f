package dev.bornagain.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class MachineDescriptionTest {

  @Test
  void parse_readsTheModelAndTheAvx512FlagOfTheFirstProcessor() {
    List<String> avx2Only =
        List.of(
            "processor\t: 0",
            "model name\t: AMD EPYC 7B13",
            "flags\t\t: fpu sse2 avx avx2 fma",
            "processor\t: 1");
    List<String> avx512 = List.of("model name\t: Intel Xeon", "flags\t\t: avx2 avx512f avx512bw");

    assertThat(MachineDescription.parse(avx2Only, 2, "amd64").describe())
        .isEqualTo("AMD EPYC 7B13, 2 cores, AVX-512: no");
    assertThat(MachineDescription.parse(avx512, 1, "amd64").describe())
        .isEqualTo("Intel Xeon, 1 core, AVX-512: yes");
    // "avx512bw" alone is not the foundation flag, and no flags line means unknown.
    assertThat(MachineDescription.parse(List.of("flags : avx512bwx"), 4, "amd64").avx512())
        .contains(false);
    assertThat(MachineDescription.parse(List.of(), 4, "aarch64"))
        .isEqualTo(new MachineDescription("aarch64", 4, Optional.empty()));
  }
}
