package dev.bornagain.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import dev.bornagain.core.CheckpointResumeTest.Starts;
import dev.bornagain.core.data.BatchCheck;
import dev.bornagain.core.ensemble.EnsemblePredictor;
import dev.bornagain.losses.DistillationLosses;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every generation's architecture is probed on the first training batch before anything trains, and
 * every batch of the training, validation and test sets is checked as it is used: input shape,
 * finite values, labels in [0, classes). Each refusal names the set or the generations, the batch
 * and the value.
 */
final class DataChecksTest {

  @RegisterExtension static final BoringModel.Sets sets = new BoringModel.Sets(96, 64);

  private static BornAgainBuilder run() {
    return BornAgain.builder()
        .student(BoringModel::mlp)
        .generations(2)
        .loss(DistillationLosses.ban())
        .epochs(1)
        .seed(3)
        .quiet();
  }

  private static ArrayDataset dataset(NDArray x, NDArray y) {
    return new ArrayDataset.Builder()
        .setData(x)
        .optLabels(y)
        .setSampling(BoringModel.BATCH_SIZE, false)
        .build();
  }

  /** The training set's samples with one label replaced. */
  private static ArrayDataset trainingWithLabel(int sample, float label) {
    NDArray[] arrays = BoringModel.arrays(sets.manager(), 96, 1);
    NDArray y = arrays[1].duplicate();
    y.set(new NDIndex(sample), label);
    return dataset(arrays[0], y);
  }

  @Test
  void train_studentWithAnotherClassCount_failsBeforeTheTeacherTrains() {
    Starts starts = new Starts();
    assertThatThrownBy(
            () ->
                run()
                    .studentPerGeneration(k -> BoringModel.mlp(k == 2 ? 5 : BoringModel.CLASSES))
                    .listener(starts)
                    .train(sets.training(), sets.validation()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "teacher and BAN-2 disagree: on the first training batch (input shapes [(32, 8)])"
                + " BAN-2 outputs shape (32, 5) but teacher outputs (32, 3); every generation must"
                + " predict the same classes for the same input");
    assertThat(starts.plans).as("generations started").isEmpty();
  }

  @Test
  void train_distilledStudentThatCannotTakeTheInput_failsBeforeTheTeacherTrains() {
    Starts starts = new Starts();
    assertThatThrownBy(
            () ->
                run()
                    .distilEnsembleInto(
                        () ->
                            new ai.djl.nn.SequentialBlock()
                                .add(ai.djl.nn.Blocks.batchFlattenBlock())
                                .add(
                                    x ->
                                        new ai.djl.ndarray.NDList(
                                            x.head().reshape(new Shape(-1, 4, 2)).get(":, 5")))
                                .add(BoringModel.mlp()))
                    .listener(starts)
                    .train(sets.training(), sets.validation()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "BAN-ensemble-distilled cannot run on the first training batch (input shapes [(32, 8)]):"
                + " index 5 is out of bounds");
    assertThat(starts.plans).isEmpty();
  }

  @Test
  void train_nanInTheValidationSet_namesTheSetBatchAndValue() {
    NDArray[] arrays = BoringModel.arrays(sets.manager(), 64, 2);
    NDArray x = arrays[0].duplicate();
    x.set(new NDIndex(40, 3), Float.NaN);
    assertThatThrownBy(() -> run().train(sets.training(), dataset(x, arrays[1])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the validation set, batch 1: input value NaN at sample 8 (element 3 of 8): inputs"
                + " must be finite");
  }

  @Test
  void train_labelOutOfRange_namesTheSetBatchSampleAndLabel() {
    assertThatThrownBy(() -> run().train(trainingWithLabel(70, 9f), sets.validation()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the training set, batch 2: label 9 at sample 6 is not a class index in [0, 3): the"
                + " network predicts 3 classes");
  }

  @Test
  void train_nonIntegralLabel_namesTheSetBatchSampleAndLabel() {
    assertThatThrownBy(() -> run().train(trainingWithLabel(70, 1.5f), sets.validation()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the training set, batch 2: label 1.5 at sample 6 is not a class index in [0, 3): the"
                + " network predicts 3 classes");
  }

  @Test
  void checkLabels_labelsWithAFractionInRange_areRefused() {
    BatchCheck check = BatchCheck.of("training set", List.of());
    try (NDManager batch = sets.manager().newSubManager()) {
      NDList labels = new NDList(batch.create(new float[] {0f, 1.5f, 2f}));
      assertThatThrownBy(() -> check.checkLabels(4, labels, 10))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "the training set, batch 4: label 1.5 at sample 1 is not a class index in [0, 10):"
                  + " the network predicts 10 classes");
      // Whole numbers pass, whatever the array's type.
      check.checkLabels(4, new NDList(batch.create(new float[] {0f, 9f, 2f})), 10);
      check.checkLabels(4, new NDList(batch.create(new int[] {0, 9, 2})), 10);
    }
  }

  @Test
  void train_labelOutOfRangeInTheFirstBatch_isRefusedBeforeTraining() {
    Starts starts = new Starts();
    assertThatThrownBy(
            () -> run().listener(starts).train(trainingWithLabel(1, -1f), sets.validation()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the training set, batch 0: label -1 at sample 1 is not a class");
    assertThat(starts.plans).isEmpty();
  }

  @Test
  void train_validationSetOfAnotherGeometry_isRefusedBeforeTraining() {
    NDArray[] arrays = BoringModel.arrays(sets.manager(), 64, 2);
    NDArray x = arrays[0].reshape(32, 16); // the same values, another geometry
    Starts starts = new Starts();
    assertThatThrownBy(
            () -> run().listener(starts).train(sets.training(), dataset(x, arrays[1].get(":32"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the validation set, batch 0, has input of shape [(32, 16)] but the training set's is [(32, 8)]"
                + " (the first dimension is the batch): every set must have the training set's"
                + " input shape");
    assertThat(starts.plans).isEmpty();
  }

  @Test
  void evaluate_emptyOrInfiniteTestSet_namesTheTestSet() throws Exception {
    BornAgainResult result = run().generations(1).train(sets.training(), sets.validation());
    NDArray[] arrays = BoringModel.arrays(sets.manager(), 40, 4);
    NDArray x = arrays[0].duplicate();
    x.set(new NDIndex(33, 0), Float.POSITIVE_INFINITY);
    try (EnsemblePredictor teacher = result.ensembleOf(0)) {
      assertThatThrownBy(() -> teacher.evaluate(dataset(x, arrays[1]), "test set"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "the test set, batch 1: input value Infinity at sample 1 (element 0 of 8): inputs"
                  + " must be finite");
      ArrayDataset empty = dataset(arrays[0].get(":0"), arrays[1].get(":0"));
      assertThatThrownBy(() -> teacher.evaluate(empty, "test set"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the test set is empty: it yielded no samples");
    }
  }
}
