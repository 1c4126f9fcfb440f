package dev.bornagain.core;

import ai.djl.ndarray.NDManager;
import dev.bornagain.core.listen.BornAgainListenerAdapter;
import dev.bornagain.core.listen.EpochMetrics;
import dev.bornagain.core.optim.LearningRateSchedule;
import dev.bornagain.core.optim.SgdSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Run in a child JVM with a fixed, pre-touched heap: trains a teacher and one student for ten
 * epochs each and prints, after every epoch, the process's resident memory and the number of live
 * NDArrays in the engine.
 */
final class MemoryProbe {

  private MemoryProbe() {}

  static long residentKilobytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  public static void main(String[] args) throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      // Every base manager hangs under the engine's system manager, which sees all live arrays.
      NDManager system = manager.getParentManager();
      int[] epochsSeen = {0};
      BornAgain.builder()
          .student(BoringModel::mlp)
          .generations(1)
          .loss(new BornAgainTest.CountingKd())
          .epochs(10)
          .optimizer(new SgdSettings(0.05f, 0.9f, true, 5e-4f))
          .learningRateSchedule(LearningRateSchedule.constant())
          .seed(3)
          .quiet()
          .listener(
              new BornAgainListenerAdapter() {
                @Override
                public void onEpochEnd(EpochMetrics metrics) {
                  epochsSeen[0]++;
                  System.out.printf(
                      Locale.ROOT,
                      "probe %d %d %d %d %d%n",
                      epochsSeen[0],
                      metrics.generation(),
                      metrics.epoch() + 1,
                      residentKilobytes(),
                      system.getManagedArrays().size());
                }
              })
          .train(
              BoringModel.data(manager, 2048, 1, true), BoringModel.data(manager, 256, 2, false));
    }
  }
}
