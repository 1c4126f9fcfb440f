package dev.bornagain.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

final class FingerprintTest {

  @Test
  void differences_nameEachFieldWithBothValues() {
    Fingerprint mine = Fingerprint.of(Map.of("seed", 2, "loss", "BAN+L(labelWeight=0.9)"));
    Fingerprint stored = Fingerprint.of(Map.of("seed", 2, "loss", "BAN+L(labelWeight=0.5)"));

    assertThat(mine.differencesFrom(stored))
        .containsExactly(
            "loss: checkpoint has BAN+L(labelWeight=0.5), this run has BAN+L(labelWeight=0.9)");
  }

  @Test
  void differences_ofLongLists_showTheFirstDifferingEntry() {
    String old = "a (1); b (2); c (3); d (4); " + "x".repeat(200);
    String now = "a (1); b (2); c (30); d (4); " + "x".repeat(200);
    Fingerprint mine = Fingerprint.of(Map.of("architecture", now));
    Fingerprint stored = Fingerprint.of(Map.of("architecture", old));

    assertThat(mine.differencesFrom(stored))
        .containsExactly(
            "architecture: checkpoint has [2 equal entries]; c (3); [2 more], this run has [2"
                + " equal entries]; c (30); [2 more]");
  }
}
