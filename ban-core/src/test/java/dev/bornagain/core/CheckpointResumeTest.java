package dev.bornagain.core;

import static dev.bornagain.core.BoringModel.trainingLosses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.bornagain.core.checkpoint.DamagedFileException;
import dev.bornagain.core.checkpoint.FileDigest;
import dev.bornagain.core.listen.BornAgainListenerAdapter;
import dev.bornagain.core.listen.EpochMetrics;
import dev.bornagain.core.listen.GenerationPlan;
import dev.bornagain.core.optim.LearningRateSchedule;
import dev.bornagain.losses.DistillationLosses;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

final class CheckpointResumeTest {

  private static final int SAMPLES = 256;
  private static final int CHILD_SAMPLES = 768;

  @TempDir Path temp;

  /** Fails the run right after an epoch was checkpointed, as a crash would. */
  static final class CrashAfter extends BornAgainListenerAdapter {
    private final int generation;
    private final int epoch;

    CrashAfter(int generation, int epoch) {
      this.generation = generation;
      this.epoch = epoch;
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
      if (metrics.generation() == generation && metrics.epoch() == epoch) {
        throw new IllegalStateException("simulated crash");
      }
    }
  }

  static final class Starts extends BornAgainListenerAdapter {
    final List<GenerationPlan> plans = new ArrayList<>();

    @Override
    public void onGenerationStart(GenerationPlan plan) {
      plans.add(plan);
    }
  }

  private static void assertSameFinalParameters(Path expected, Path actual) throws Exception {
    for (int generation = 0; generation <= 2; generation++) {
      Path name = Path.of("generation-" + generation, "final.parameters");
      assertThat(Files.readAllBytes(actual.resolve(name)))
          .as("generation %s", generation)
          .isEqualTo(Files.readAllBytes(expected.resolve(name)));
    }
  }

  @Test
  void resume_afterFailureMidGenerationMatchesUninterruptedRun() throws Exception {
    Path uninterrupted = temp.resolve("uninterrupted");
    BornAgainResult reference = ResumeScenario.run(uninterrupted, SAMPLES);

    Path crashed = temp.resolve("crashed");
    crashAfterBan1Epoch(ResumeScenario.builder(crashed), 1);
    Starts starts = new Starts();
    BornAgainResult resumed =
        ResumeScenario.train(ResumeScenario.builder(crashed).listener(starts), SAMPLES);
    // The teacher was not retrained; BAN-1 continued after its two saved epochs.
    assertThat(starts.plans).extracting(GenerationPlan::name).containsExactly("BAN-1", "BAN-2");
    assertThat(starts.plans.get(0).firstEpoch()).isEqualTo(2);
    assertThat(trainingLosses(resumed)).isEqualTo(trainingLosses(reference));
    assertSameFinalParameters(uninterrupted, crashed);
  }

  @Test
  void resume_withDkpp_drawsThePermutationsOfTheUninterruptedRun() throws Exception {
    // A new loss object in each run, as a new process would have: the draws follow the step.
    Path uninterrupted = temp.resolve("uninterrupted");
    Path crashed = temp.resolve("crashed");
    BornAgainResult reference =
        ResumeScenario.train(
            ResumeScenario.builder(uninterrupted).loss(DistillationLosses.dkpp(5)), SAMPLES);
    crashAfterBan1Epoch(ResumeScenario.builder(crashed).loss(DistillationLosses.dkpp(5)), 2);
    BornAgainResult resumed =
        ResumeScenario.train(
            ResumeScenario.builder(crashed).loss(DistillationLosses.dkpp(5)), SAMPLES);
    assertThat(trainingLosses(resumed)).isEqualTo(trainingLosses(reference));
    assertSameFinalParameters(uninterrupted, crashed);
  }

  @Test
  void resume_withPerStepCosineAndWarmUp_matchesUninterruptedRun() throws Exception {
    LearningRateSchedule schedule = LearningRateSchedule.cosine(0f).withWarmUp(1);
    Path uninterrupted = temp.resolve("uninterrupted");
    Path crashed = temp.resolve("crashed");
    BornAgainResult reference =
        ResumeScenario.train(
            ResumeScenario.builder(uninterrupted).learningRateSchedule(schedule), SAMPLES);
    crashAfterBan1Epoch(ResumeScenario.builder(crashed).learningRateSchedule(schedule), 2);
    BornAgainResult resumed =
        ResumeScenario.train(
            ResumeScenario.builder(crashed).learningRateSchedule(schedule), SAMPLES);
    assertThat(trainingLosses(resumed)).isEqualTo(trainingLosses(reference));
    assertSameFinalParameters(uninterrupted, crashed);
    // Each epoch's first step: the warm-up's first rate, then the cosine over the 3 later epochs.
    int batches = SAMPLES / BoringModel.BATCH_SIZE;
    List<Float> firstRates =
        reference.teacher().epochs().stream().map(EpochMetrics::learningRate).toList();
    assertThat(firstRates.get(0)).isEqualTo(0.05f / batches);
    assertThat(firstRates.get(1)).isEqualTo(0.05f);
    assertThat((double) firstRates.get(2))
        .isCloseTo(0.05 * (1 + Math.cos(Math.PI / 3)) / 2, within(1e-7));
    assertThat(reference.effectiveSchedule())
        .isEqualTo(
            "linear warm-up over 1 epochs, then lr 0.05, cosine per step to 0.0 over 3 epochs");
  }

  /** Trains the builder until the simulated crash after BAN-1's given epoch. */
  private static void crashAfterBan1Epoch(BornAgainBuilder builder, int epoch) {
    assertThatThrownBy(
            () -> ResumeScenario.train(builder.listener(new CrashAfter(1, epoch)), SAMPLES))
        .hasMessageContaining("simulated crash");
  }

  @Test
  void resume_refusesDirectoryOfDifferentConfiguration() throws Exception {
    Path dir = temp.resolve("run");
    try (NDManager manager = NDManager.newBaseManager()) {
      ResumeScenario.builder(dir)
          .epochs(1)
          .generations(1)
          .train(BoringModel.data(manager, 64, 1, true));
      assertThatThrownBy(
              () ->
                  ResumeScenario.builder(dir)
                      .epochs(2)
                      .generations(1)
                      .seed(12)
                      .train(BoringModel.data(manager, 64, 1, true)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("different configuration")
          .hasMessageContaining("epochs: checkpoint has 1, this run has 2")
          .hasMessageContaining("seed: checkpoint has 11, this run has 12");
    }
  }

  /** Flips one bit in the middle of a file, as a failing disk would. */
  static void flipOneBit(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);
  }

  @Test
  void resume_reportsABitFlipInFinalParameters_namingTheFile() throws Exception {
    Path dir = temp.resolve("run");
    ResumeScenario.run(dir, SAMPLES);
    Path teacher = dir.resolve("generation-0/final.parameters");
    assertThat(FileDigest.sidecar(teacher)).exists();
    flipOneBit(teacher);

    assertThatThrownBy(() -> ResumeScenario.run(dir, SAMPLES))
        .isInstanceOf(DamagedFileException.class)
        .hasMessageContaining("file " + teacher + " is damaged")
        .hasMessageContaining("final.parameters.sha256 recorded");
  }

  @Test
  void ensembleOfATrainedResult_reportsAFileDamagedSince_namingIt() throws Exception {
    BornAgainResult result = ResumeScenario.run(temp.resolve("run"), SAMPLES);
    Path file = result.generation(2).parametersFile().orElseThrow();
    flipOneBit(file);

    assertThatThrownBy(() -> result.ensemble(2))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("file " + file + " is damaged")
        .hasCauseInstanceOf(DamagedFileException.class);
  }

  @Test
  void resume_fromADamagedNewestEpoch_fallsBackToThePreviousOne_andMatchesUninterruptedRun()
      throws Exception {
    Path uninterrupted = temp.resolve("uninterrupted");
    BornAgainResult reference = ResumeScenario.run(uninterrupted, SAMPLES);

    Path crashed = temp.resolve("crashed");
    // BAN-1 stops after its third epoch: epoch-0002 and epoch-0003 are on disk.
    crashAfterBan1Epoch(ResumeScenario.builder(crashed), 2);
    flipOneBit(crashed.resolve("generation-1/epoch-0003/parameters"));
    // A killed writer's leftovers, removed on resume.
    Path orphan = Files.createDirectories(crashed.resolve("generation-1/.tmp-epoch-0004"));
    Files.writeString(orphan.resolve("parameters"), "half");

    Starts starts = new Starts();
    BornAgainResult resumed =
        ResumeScenario.train(ResumeScenario.builder(crashed).listener(starts), SAMPLES);
    assertThat(starts.plans.get(0).name()).isEqualTo("BAN-1");
    assertThat(starts.plans.get(0).firstEpoch()).isEqualTo(2);
    assertThat(trainingLosses(resumed)).isEqualTo(trainingLosses(reference));
    assertThat(orphan).doesNotExist();
    assertSameFinalParameters(uninterrupted, crashed);
  }

  @Test
  void resume_withEveryEpochDamaged_isRefusedNamingTheFiles() throws Exception {
    Path crashed = temp.resolve("crashed");
    crashAfterBan1Epoch(ResumeScenario.builder(crashed), 2);
    Path newest = crashed.resolve("generation-1/epoch-0003/parameters");
    Path previous = crashed.resolve("generation-1/epoch-0002/optimizer");
    flipOneBit(newest);
    flipOneBit(previous);

    assertThatThrownBy(() -> ResumeScenario.run(crashed, SAMPLES))
        .isInstanceOf(DamagedFileException.class)
        .hasMessageContaining("no intact epoch checkpoint for generation 1")
        .hasMessageContaining("file " + newest + " is damaged")
        .hasMessageContaining("file " + previous + " is damaged");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES) // a guard against a hang, not a speed check
  void killedChildJvm_resumesToTheSameFinalParameters() throws Exception {
    Path uninterrupted = temp.resolve("uninterrupted");
    ResumeScenario.run(uninterrupted, CHILD_SAMPLES);

    Path killed = temp.resolve("killed");
    Path log = temp.resolve("child.log");
    Process first = child(killed);
    try {
      // Wait until some epoch after the first is checkpointed, then SIGKILL mid-epoch. However
      // long a loaded machine takes, the child must checkpoint before it exits.
      while (!Files.exists(killed.resolve("generation-0/progress.json"))
          && !Files.exists(killed.resolve("generation-1/progress.json"))) {
        assertThat(first.isAlive())
            .as(
                () ->
                    "the child exited (code "
                        + exitCode(first)
                        + ") before a checkpoint; its log:\n"
                        + logOf(log))
            .isTrue();
        Thread.sleep(20);
      }
    } finally {
      first.destroyForcibly().waitFor();
    }
    assertThat(killed.resolve("done")).doesNotExist();

    Process second = child(killed);
    try {
      assertThat(second.waitFor())
          .as(() -> "the resumed child's exit code; its log:\n" + logOf(log))
          .isZero();
    } finally {
      second.destroyForcibly();
    }
    assertThat(killed.resolve("done")).exists();
    assertSameFinalParameters(uninterrupted, killed);
  }

  private static String exitCode(Process process) {
    return process.isAlive() ? "none yet" : String.valueOf(process.exitValue());
  }

  private static String logOf(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "(no log written)";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private static Process child(Path checkpoints) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx1g",
            "-Dai.djl.offline=true",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp",
            System.getProperty("java.class.path"),
            ResumeScenario.class.getName(),
            checkpoints.toString(),
            String.valueOf(CHILD_SAMPLES))
        .redirectErrorStream(true)
        .redirectOutput(new File(checkpoints.getParent().toFile(), "child.log"))
        .start();
  }
}
