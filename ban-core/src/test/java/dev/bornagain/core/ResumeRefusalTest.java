package dev.bornagain.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import dev.bornagain.core.CheckpointResumeTest.Starts;
import dev.bornagain.losses.DistillationLosses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint directory is resumed only by the run that wrote it: what changes the results (an
 * architecture, a loss setting, the data, the teacher file) is refused before any training, naming
 * the field with both values.
 */
final class ResumeRefusalTest {

  @RegisterExtension static final BoringModel.Sets sets = new BoringModel.Sets(128, 64);

  @TempDir Path temp;

  /** One epoch, one student: the shortest run that leaves a checkpoint directory. */
  private static BornAgainBuilder shortRun(Path checkpoints) {
    return ResumeScenario.builder(checkpoints).epochs(1).generations(1);
  }

  /** Runs the changed configuration, expecting a refusal before any generation starts. */
  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> refused(
      BornAgainBuilder changed, ArrayDataset trainingSet) {
    Starts starts = new Starts();
    var thrown =
        assertThatThrownBy(() -> changed.listener(starts).train(trainingSet, sets.validation()))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("different configuration");
    assertThat(starts.plans).as("generations started before the refusal").isEmpty();
    return thrown;
  }

  @Test
  void resume_refusesAnotherHiddenWidth_namingTheArchitecture() throws Exception {
    Path dir = temp.resolve("run");
    shortRun(dir).train(sets.training(), sets.validation());

    refused(shortRun(dir).student(() -> BoringModel.mlp(64, BoringModel.CLASSES)), sets.training())
        .hasMessageContaining("architecture.teacher: checkpoint has 01Linear_weight (32, 8)")
        .hasMessageContaining("this run has 01Linear_weight (64, 8)");
  }

  @Test
  void resume_refusesAnotherStudentArchitecture_namingThatGeneration() throws Exception {
    Path dir = temp.resolve("run");
    shortRun(dir).train(sets.training(), sets.validation());

    refused(
            shortRun(dir)
                .studentPerGeneration(k -> BoringModel.mlp(k == 0 ? 32 : 48, BoringModel.CLASSES)),
            sets.training())
        .hasMessageContaining("architecture.BAN-1: checkpoint has same as teacher")
        .hasMessageContaining("01Linear_weight (48, 8)")
        .hasMessageNotContaining("architecture.teacher");
  }

  @Test
  void resume_refusesTheBestEpochByAnotherValue_butNotBeforeTheLossExisted() throws Exception {
    Path dir = temp.resolve("run");
    shortRun(dir).keepBestValidationEpoch().train(sets.training(), sets.validation());

    refused(shortRun(dir).keepBestValidationEpoch(ValidationCriterion.LOSS), sets.training())
        .hasMessageContaining(
            "keepBestValidation: checkpoint has true, this run has by validation loss");
    // By the error, the field reads as it did before a loss could be chosen: such runs resume.
    assertThat(Files.readString(dir.resolve("manifest.json")))
        .contains("\"keepBestValidation\": \"true\"");
  }

  @Test
  void resume_refusesAnotherLabelWeight_namingTheLossSetting() throws Exception {
    Path dir = temp.resolve("run");
    shortRun(dir)
        .loss(DistillationLosses.labelMixed(0.5f))
        .train(sets.training(), sets.validation());

    refused(shortRun(dir).loss(DistillationLosses.labelMixed(0.9f)), sets.training())
        .hasMessageContaining(
            "loss: checkpoint has BAN+L(labelWeight=0.5), this run has BAN+L(labelWeight=0.9)");
  }

  @Test
  void resume_refusesAnotherTrainingSubset_namingSizeAndContent() throws Exception {
    Path dir = temp.resolve("run");
    shortRun(dir).train(sets.training(), sets.validation());

    try (NDManager scope = NDManager.newBaseManager()) {
      // The first 96 of the same 128 samples: the first batch is the same, the size and end not.
      refused(shortRun(dir), BoringModel.data(scope, 96, 1, true))
          .hasMessageContaining("trainingData.samples: checkpoint has 128, this run has 96")
          .hasMessageContaining("trainingData.content: checkpoint has sha256 of records 0-31 and");
      // As many samples, other values.
      refused(shortRun(dir), BoringModel.data(scope, 128, 5, true))
          .hasMessageContaining("trainingData.content")
          .hasMessageNotContaining("trainingData.samples");
    }
  }

  @Test
  void resume_ofTheSameData_isAccepted_andADataIdentifierReplacesTheDigest() throws Exception {
    Path dir = temp.resolve("run");
    BornAgainResult first = shortRun(dir).train(sets.training(), sets.validation());
    try (NDManager scope = NDManager.newBaseManager()) {
      // Equal content in new arrays: the digest, not the object, identifies the data.
      BornAgainResult again =
          shortRun(dir).train(BoringModel.data(scope, 128, 1, true), sets.validation());
      assertThat(again.configuration()).isEqualTo(first.configuration());
    }

    Path named = temp.resolve("named");
    BornAgainResult identified =
        shortRun(named).dataIdentifier("clusters v1").train(sets.training(), sets.validation());
    assertThat(identified.configuration().get("trainingData.content"))
        .isEqualTo("identified as clusters v1");
    refused(shortRun(named).dataIdentifier("clusters v2"), sets.training())
        .hasMessageContaining(
            "trainingData.content: checkpoint has identified as clusters v1, this run has"
                + " identified as clusters v2");
  }

  @Test
  void resume_refusesAnotherValidationSet_namingItsSize() throws Exception {
    Path dir = temp.resolve("run");
    shortRun(dir).train(sets.training(), sets.validation());
    try (NDManager scope = NDManager.newBaseManager()) {
      Starts starts = new Starts();
      assertThatThrownBy(
              () ->
                  shortRun(dir)
                      .listener(starts)
                      .train(sets.training(), BoringModel.data(scope, 32, 2, false)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("validationData.samples: checkpoint has 64, this run has 32");
      assertThat(starts.plans).isEmpty();
    }
  }

  @Test
  void resume_refusesAnotherPretrainedTeacherFileAtTheSamePath() throws Exception {
    Path teacherA = temp.resolve("a/generation-0/final.parameters");
    Path teacherB = temp.resolve("b/generation-0/final.parameters");
    shortRun(temp.resolve("a")).train(sets.training(), sets.validation());
    shortRun(temp.resolve("b")).seed(99).train(sets.training(), sets.validation());
    Path teacher = temp.resolve("teacher.parameters");
    Files.copy(teacherA, teacher);

    Path dir = temp.resolve("run");
    shortRun(dir)
        .pretrainedTeacher(teacher, BoringModel::mlp)
        .train(sets.training(), sets.validation());
    String before =
        shortRun(dir)
            .pretrainedTeacher(teacher, BoringModel::mlp)
            .train(sets.training(), sets.validation())
            .configuration()
            .get("teacher");
    assertThat(before).startsWith("pretrained, sha256 ").doesNotContain(teacher.toString());

    Files.copy(teacherB, teacher, StandardCopyOption.REPLACE_EXISTING);
    refused(shortRun(dir).pretrainedTeacher(teacher, BoringModel::mlp), sets.training())
        .hasMessageContaining("teacher: checkpoint has " + before + ", this run has pretrained");
  }
}
