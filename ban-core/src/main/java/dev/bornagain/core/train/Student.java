package dev.bornagain.core.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;
import com.google.common.collect.ImmutableList;
import dev.bornagain.core.checkpoint.GenerationCheckpoint;
import dev.bornagain.core.data.BatchCheck;
import dev.bornagain.core.optim.GradientClipping;
import dev.bornagain.core.optim.MomentumSgd;
import dev.bornagain.models.StatefulBlock;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

/**
 * The generation being trained: a freshly initialised block in its own DJL {@link Model}, a {@link
 * Trainer} and a {@link MomentumSgd} optimizer. One {@link #trainBatch} is one step of DJL's
 * EasyTrain with a teacher in front: teacher forward outside the gradient collector, student
 * forward, loss over {@code [hard labels, teacher logits]}, backward, update.
 */
public final class Student implements AutoCloseable {

  private final Model model;
  private final Trainer trainer;
  private final MomentumSgd optimizer;
  private final Loss loss;
  // The block's parameters, in its order; fixed once it is initialised. Clipping reads them every
  // step, so they are listed once instead of walking the block each time.
  private final ImmutableList<Parameter> parameters;

  private Student(Model model, Trainer trainer, MomentumSgd optimizer, Loss loss) {
    this.model = model;
    this.trainer = trainer;
    this.optimizer = optimizer;
    this.loss = loss;
    this.parameters =
        model.getBlock().getParameters().values().stream().collect(ImmutableList.toImmutableList());
  }

  /**
   * Creates a student: initialises the block from the engine seeded with {@code initSeed}, or
   * restores it and its optimizer from a checkpoint.
   *
   * @param name the generation's name
   * @param block a fresh block
   * @param plan shapes, devices and optimizer settings
   * @param loss the training loss
   * @param initSeed the engine seed for parameter initialisation
   * @param resume an unfinished checkpoint to continue from, or null
   * @return the student
   * @throws IOException if the checkpoint cannot be read, or its parameters fail their digest
   * @throws IllegalArgumentException if the settings clip gradients and there are several devices
   *     (the other devices' gradients are out of reach before DJL reduces them), or the
   *     checkpoint's parameters or optimizer state do not fit the block (each parameter's shape is
   *     checked)
   */
  public static Student create(
      String name,
      Block block,
      TrainingPlan plan,
      Loss loss,
      int initSeed,
      GenerationCheckpoint resume)
      throws IOException {
    Device[] devices = plan.devices().toArray(new Device[0]);
    Shape[] shapes = plan.inputShapes().toArray(new Shape[0]);
    Model model = Model.newInstance(name, devices[0]);
    try {
      model.setBlock(block);
      Engine engine = model.getNDManager().getEngine();
      engine.setRandomSeed(initSeed);
      block.initialize(model.getNDManager(), DataType.FLOAT32, shapes);
      if (resume != null) {
        ParameterSnapshot.ofFile(resume.parameters()).loadInto(block, model.getNDManager());
      }
      GradientClipping.checkDevices(plan.sgd(), plan.devices());
      MomentumSgd optimizer = MomentumSgd.builder(plan.sgd()).build();
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(loss).optOptimizer(optimizer).optDevices(devices);
      Trainer trainer = model.newTrainer(config);
      // Already initialised: this only marks trainable arrays and places copies on the devices.
      trainer.initialize(shapes);
      Student student = new Student(model, trainer, optimizer, loss);
      if (resume != null && resume.optimizerState() != null) {
        try (InputStream raw = Files.newInputStream(resume.optimizerState());
            DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
          optimizer.loadState(student.parameters, in);
        } catch (IllegalStateException e) {
          throw new IllegalArgumentException(
              "optimizer state " + resume.optimizerState() + " does not fit: " + e.getMessage(), e);
        }
      }
      return student;
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Returns the block being trained. */
  public Block block() {
    return model.getBlock();
  }

  /**
   * Iterates a dataset's batches under the trainer's manager.
   *
   * @param dataset the dataset
   * @return the batches; close each after use
   * @throws IOException if the dataset cannot be read
   */
  public Iterable<Batch> batches(Dataset dataset) throws IOException {
    try {
      return trainer.iterateDataset(dataset);
    } catch (TranslateException e) {
      throw new IOException("cannot read the training dataset", e);
    }
  }

  /**
   * Sets the learning rate for the next steps.
   *
   * @param learningRate the rate
   */
  public void setLearningRate(float learningRate) {
    optimizer.setLearningRate(learningRate);
  }

  /**
   * Trains on one batch, split across the trainer's devices.
   *
   * @param batch the batch, exactly as the data pipeline produced it
   * @param batchIndex the batch's position within the epoch (the teacher-output cache's key)
   * @param teacher the frozen teacher's outputs, or null for generation 0 (labels only)
   * @return the batch's mean training loss
   * @throws IllegalArgumentException if teacher and student logits differ in shape (both named)
   */
  public double trainBatch(Batch batch, int batchIndex, TeacherOutputs teacher) {
    return trainBatch(batch, batchIndex, teacher, null);
  }

  /**
   * Trains on one batch after checking it: its input (shape, finite values) before the teacher
   * runs, its labels against the student's number of classes before the loss.
   *
   * @param batch the batch, exactly as the data pipeline produced it
   * @param batchIndex the batch's position within the epoch (the teacher-output cache's key)
   * @param teacher the frozen teacher's outputs, or null for generation 0 (labels only)
   * @param check the checks of the training set's batches, or null for none
   * @return the batch's mean training loss
   * @throws IllegalArgumentException if teacher and student logits differ in shape (both named), or
   *     the batch fails its check (the message names the set, the batch and the value)
   */
  public double trainBatch(Batch batch, int batchIndex, TeacherOutputs teacher, BatchCheck check) {
    if (check != null) {
      check.checkData(batchIndex, batch.getData());
    }
    Batch[] splits = batch.split(trainer.getDevices(), false);
    try {
      // The teacher runs first, outside the gradient collector: no graph, no gradient.
      NDArray[] teacherLogits = new NDArray[splits.length];
      if (teacher != null) {
        for (int i = 0; i < splits.length; i++) {
          teacherLogits[i] = teacher.logits(splits[i].getData(), batchIndex, i);
        }
      }
      double weightedLoss = 0;
      long samples = 0;
      try (GradientCollector collector = trainer.newGradientCollector()) {
        for (int i = 0; i < splits.length; i++) {
          NDList predictions = trainer.forward(splits[i].getData(), splits[i].getLabels());
          NDArray hardLabels = splits[i].getLabels().head();
          if (check != null) {
            Shape output = predictions.head().getShape();
            check.checkLabels(
                batchIndex, splits[i].getLabels(), output.get(output.dimension() - 1));
          }
          NDList labels;
          if (teacher == null) {
            labels = new NDList(hardLabels);
          } else {
            Shape teacherShape = teacherLogits[i].getShape();
            Shape studentShape = predictions.head().getShape();
            checkArgument(
                teacherShape.equals(studentShape),
                "teacher logits have shape %s but student logits have shape %s: teacher and"
                    + " student must predict the same number of classes",
                teacherShape,
                studentShape);
            labels = new NDList(hardLabels, teacherLogits[i]);
          }
          NDArray value = loss.evaluate(labels, predictions);
          collector.backward(value);
          long size = hardLabels.getShape().get(0);
          weightedLoss += value.getFloat() * size;
          samples += size;
        }
      }
      if (optimizer.settings().clipsGradients()) {
        GradientClipping.clipGlobalNorm(parameters, optimizer.settings().maxGradientNorm());
      }
      trainer.step();
      return weightedLoss / samples;
    } finally {
      for (Batch split : splits) {
        split.close();
      }
    }
  }

  /**
   * Scores the student in inference mode on a dataset, by label cross-entropy and error.
   *
   * @param dataset the validation or test set
   * @param check the checks of its batches, naming it in messages
   * @return the scores
   * @throws IOException if the dataset cannot be read
   * @throws IllegalArgumentException if the dataset is empty or a batch fails its check
   */
  public EvaluationResult evaluate(Dataset dataset, BatchCheck check) throws IOException {
    resetState();
    EvaluationResult result =
        Evaluation.run(
            dataset,
            check,
            trainer.getManager(),
            input -> {
              NDArray logits = trainer.evaluate(input).head();
              return logits.logSoftmax(logits.getShape().dimension() - 1);
            });
    resetState();
    return result;
  }

  /** Forgets carried state (hidden states of a language model); no-op for stateless blocks. */
  public void resetState() {
    if (model.getBlock() instanceof StatefulBlock stateful) {
      stateful.resetState();
    }
  }

  /**
   * Writes the parameters, batch-norm running statistics included.
   *
   * @param out the stream
   * @throws IOException if writing fails
   */
  public void saveParameters(DataOutputStream out) throws IOException {
    model.getBlock().saveParameters(out);
  }

  /**
   * Writes the optimizer's state (momentum buffers, learning rate).
   *
   * @param out the stream
   * @throws IOException if writing fails
   */
  public void saveOptimizerState(DataOutputStream out) throws IOException {
    optimizer.saveState(parameters, out);
  }

  /** Frees the trainer, the optimizer state and the model's native memory. */
  @Override
  public void close() {
    try {
      trainer.close();
    } finally {
      model.close();
    }
  }
}
