package dev.bornagain.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import com.google.common.collect.ImmutableList;
import dev.bornagain.core.listen.GenerationPlan;
import dev.bornagain.core.optim.LearningRateSchedule;
import dev.bornagain.core.optim.SgdSettings;
import dev.bornagain.losses.DistillationBatch;
import dev.bornagain.losses.DistillationLoss;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class TeacherFreezeTest {

  private static final Shape INPUT = new Shape(32, 8);

  /** The BoringModel MLP, remembering its first layer's weights right after initialisation. */
  static final class RecordingMlp extends SequentialBlock {
    float[] initialWeights;

    RecordingMlp() {
      add(Linear.builder().setUnits(32).build());
      add(BatchNorm.builder().build());
      add(Activation::relu);
      add(Dropout.builder().optRate(0.2f).build());
      add(Linear.builder().setUnits(3).build());
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
      super.initialize(manager, dataType, inputShapes);
      if (initialWeights == null) {
        initialWeights = firstWeights(this);
      }
    }
  }

  static float[] firstWeights(Block block) {
    Parameter first = block.getParameters().values().get(0);
    return first.getArray().toFloatArray();
  }

  static final class Kd extends DistillationLoss {
    Kd() {
      super("Kd");
    }

    @Override
    protected NDArray distill(DistillationBatch batch) {
      return batch.softCrossEntropy(batch.teacherProbabilities()).mean();
    }
  }

  static ArrayDataset data(NDManager manager) {
    Random random = new Random(3);
    int n = 192;
    float[] x = new float[n * 8];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int label = random.nextInt(3);
      y[i] = label;
      for (int j = 0; j < 8; j++) {
        x[i * 8 + j] = (j % 3 == label ? 2f : 0f) + (float) random.nextGaussian();
      }
    }
    return new ArrayDataset.Builder()
        .setData(manager.create(x, new Shape(n, 8)))
        .optLabels(manager.create(y))
        .setSampling(32, true)
        .build();
  }

  private static byte[] bytesOf(Block block) throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      block.saveParameters(out);
    }
    return buffer.toByteArray();
  }

  @Test
  void teacher_isBitwiseUnchangedByItsStudentsTraining_andStudentStartsFresh() throws Exception {
    TrainingPlan plan =
        new TrainingPlan(
            2,
            new SgdSettings(0.1f, 0.9f, true, 5e-4f),
            LearningRateSchedule.constant(),
            ImmutableList.of(Device.cpu()),
            ImmutableList.of(INPUT));
    GenerationTrainer trainer = new GenerationTrainer(plan, ImmutableList.of(), null, null);
    Loss loss = new Kd();
    try (NDManager manager = NDManager.newBaseManager()) {
      ArrayDataset data = data(manager);
      RecordingMlp teacherBlock = new RecordingMlp();
      GenerationTrainer.Outcome teacherOutcome =
          trainer.train(
              new GenerationPlan(0, "teacher", Seeds.generation(7, 0), 2, 0),
              teacherBlock,
              loss,
              null,
              data,
              null,
              null);

      RecordingMlp studentBlock = new RecordingMlp();
      try (FrozenModel frozen =
              FrozenModel.load(
                  "teacher",
                  new RecordingMlp(),
                  plan.inputShapes(),
                  teacherOutcome.parameters(),
                  Device.cpu());
          Teacher teacher = Teacher.of(frozen)) {
        byte[] before = bytesOf(frozen.block());
        float[] teacherFinal = firstWeights(frozen.block());
        assertThat(frozen.block().getParameters().values()).noneMatch(Parameter::requiresGradient);

        trainer.train(
            new GenerationPlan(1, "BAN-1", Seeds.generation(7, 1), 2, 0),
            studentBlock,
            loss,
            TeacherOutputs.live(teacher),
            data,
            null,
            null);

        // Parameters and batch-norm running statistics, bit for bit.
        assertThat(bytesOf(frozen.block())).isEqualTo(before);
        // The student started from its own seed: neither the teacher's start nor its end.
        assertThat(studentBlock.initialWeights).isNotEqualTo(teacherBlock.initialWeights);
        assertThat(studentBlock.initialWeights).isNotEqualTo(teacherFinal);
      }
    }
  }

  @Test
  void initialisation_dependsOnlyOnTheEngineSeed() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[][] weights = new float[3][];
      int[] seeds = {5, 5, 6};
      for (int i = 0; i < 3; i++) {
        manager.getEngine().setRandomSeed(seeds[i]);
        Block block = new RecordingMlp();
        block.initialize(manager, DataType.FLOAT32, INPUT);
        weights[i] = firstWeights(block);
      }
      assertThat(weights[1]).isEqualTo(weights[0]);
      assertThat(weights[2]).isNotEqualTo(weights[0]);
    }
  }
}
