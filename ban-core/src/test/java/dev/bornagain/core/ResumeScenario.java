package dev.bornagain.core;

import ai.djl.ndarray.NDManager;
import dev.bornagain.core.optim.LearningRateSchedule;
import dev.bornagain.core.optim.SgdSettings;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One configuration run by the resume tests, in process and in a child JVM ({@link #main}): a
 * teacher and two students of the BoringModel, with momentum so that lost optimizer state would
 * show in the final parameters.
 */
final class ResumeScenario {

  static final int EPOCHS = 4;

  private ResumeScenario() {}

  static BornAgainBuilder builder(Path checkpoints) {
    return BornAgain.builder()
        .student(BoringModel::mlp)
        .generations(2)
        .loss(new BornAgainTest.CountingKd())
        .epochs(EPOCHS)
        .optimizer(new SgdSettings(0.05f, 0.9f, true, 5e-4f))
        .learningRateSchedule(LearningRateSchedule.multiStep(0.5f, 0.5))
        .seed(11)
        .checkpointDirectory(checkpoints)
        .quiet();
  }

  static BornAgainResult run(Path checkpoints, int samples) throws Exception {
    return train(builder(checkpoints), samples);
  }

  /**
   * Trains a (changed) scenario builder on the scenario's sets, made afresh as a new process would.
   */
  static BornAgainResult train(BornAgainBuilder builder, int samples) throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      return builder.train(
          BoringModel.data(manager, samples, 1, true), BoringModel.data(manager, 64, 2, false));
    }
  }

  /**
   * Trains the scenario; args: checkpoint directory, number of training samples. Writes a "done"
   * file into the directory when finished.
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    run(dir, Integer.parseInt(args[1]));
    Files.writeString(dir.resolve("done"), "done");
  }
}
