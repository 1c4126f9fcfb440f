package dev.bornagain.core.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import com.google.common.collect.ImmutableList;
import dev.bornagain.core.checkpoint.CheckpointDirectory;
import dev.bornagain.core.checkpoint.GenerationCheckpoint;
import dev.bornagain.core.data.BatchCheck;
import dev.bornagain.core.listen.BatchProgress;
import dev.bornagain.core.listen.BornAgainListener;
import dev.bornagain.core.listen.EpochMetrics;
import dev.bornagain.core.listen.GenerationPlan;
import dev.bornagain.core.optim.LearningRateSchedule;
import dev.bornagain.losses.DistillationLoss;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The epoch loop of one generation. Every epoch reseeds the engine from (generation seed, epoch),
 * which fixes shuffling, augmentation and dropout, then trains on every batch at the rate the
 * schedule gives for that step, validates in inference mode, tells the schedule the validation loss
 * and writes a checkpoint. A generation resumed from its last complete epoch therefore repeats the
 * uninterrupted run exactly.
 */
public final class GenerationTrainer {

  private static final Logger logger = LoggerFactory.getLogger(GenerationTrainer.class);

  private final TrainingPlan plan;
  private final ImmutableList<BornAgainListener> listeners;
  private final CheckpointDirectory checkpoints;
  private final ToDoubleFunction<EpochMetrics> keepBestBy;
  private final BatchCheck trainingCheck;
  private final BatchCheck validationCheck;

  /**
   * Creates a trainer for generations sharing one plan.
   *
   * @param plan epochs, optimizer, schedule, devices and shapes
   * @param listeners the listeners to notify
   * @param checkpoints where to checkpoint, or null for none
   * @param keepBestBy the validation value whose lowest epoch (the first on ties) has its
   *     parameters kept besides the last epoch's (the error, or the loss for language models), or
   *     null to keep only the last
   */
  public GenerationTrainer(
      TrainingPlan plan,
      List<BornAgainListener> listeners,
      CheckpointDirectory checkpoints,
      ToDoubleFunction<EpochMetrics> keepBestBy) {
    this.plan = checkNotNull(plan, "plan");
    this.listeners = ImmutableList.copyOf(listeners);
    this.checkpoints = checkpoints;
    this.keepBestBy = keepBestBy;
    this.trainingCheck = BatchCheck.of("training set", plan.inputShapes());
    this.validationCheck = BatchCheck.of("validation set", plan.inputShapes());
  }

  /**
   * What a finished generation leaves behind.
   *
   * @param metrics its metrics per epoch
   * @param parameters its trained parameters, off the native heap
   * @param bestValidation the parameters of its best validation epoch, or null when not kept (or
   *     there was no validation set)
   */
  public record Outcome(
      ImmutableList<EpochMetrics> metrics,
      ParameterSnapshot parameters,
      ParameterSnapshot bestValidation) {}

  /**
   * Returns whether the last epoch of {@code metrics} has the lowest {@code value} of them all,
   * strictly (an earlier epoch wins a tie); never when the value is NaN (no validation set).
   */
  static boolean isBestSoFar(List<EpochMetrics> metrics, ToDoubleFunction<EpochMetrics> value) {
    double last = value.applyAsDouble(metrics.get(metrics.size() - 1));
    if (Double.isNaN(last)) {
      return false;
    }
    return metrics.subList(0, metrics.size() - 1).stream()
        .noneMatch(m -> value.applyAsDouble(m) <= last);
  }

  /**
   * Trains one generation to the end of the plan, resuming from a checkpoint if one is given.
   *
   * @param generation the generation's index, name and seed
   * @param block a fresh block for the student
   * @param loss the loss; called with {@code [labels]} when there is no teacher, else with {@code
   *     [labels, teacher logits]}
   * @param teacher the frozen teacher's outputs, or null for generation 0
   * @param trainingSet the training data
   * @param validationSet the validation data, or null
   * @param resume an unfinished checkpoint of this generation, or null
   * @return the metrics and trained parameters
   * @throws IOException if data or checkpoints cannot be read or written
   * @throws IllegalArgumentException if the training set yields no batches, or teacher and student
   *     disagree on the output shape
   */
  public Outcome train(
      GenerationPlan generation,
      Block block,
      Loss loss,
      TeacherOutputs teacher,
      Dataset trainingSet,
      Dataset validationSet,
      GenerationCheckpoint resume)
      throws IOException {
    LearningRateSchedule.Tracker schedule =
        plan.schedule().start(plan.sgd().learningRate(), plan.epochs());
    List<EpochMetrics> metrics = new ArrayList<>();
    ParameterSnapshot best = null;
    if (resume != null) {
      schedule.restore(resume.scheduleState());
      metrics.addAll(resume.metrics());
      if (keepBestBy != null && checkpoints != null) {
        best =
            checkpoints
                .bestParameters(generation.index())
                .map(ParameterSnapshot::ofFile)
                .orElse(null);
      }
    }
    listeners.forEach(l -> l.onGenerationStart(generation));
    try (Student student =
        Student.create(
            generation.name(),
            block,
            plan,
            loss,
            Seeds.initialisation(generation.seed()),
            resume)) {
      for (int epoch = generation.firstEpoch(); epoch < plan.epochs(); epoch++) {
        EpochMetrics epochMetrics =
            trainEpoch(
                generation, epoch, student, loss, teacher, schedule, trainingSet, validationSet);
        metrics.add(epochMetrics);
        if (keepBestBy != null && isBestSoFar(metrics, keepBestBy)) {
          // Before the epoch's checkpoint: a run resumed after it finds this best already saved.
          best =
              checkpoints != null
                  ? ParameterSnapshot.ofFile(
                      checkpoints.saveBest(generation.index(), student::saveParameters))
                  : ParameterSnapshot.copyOf(student.block());
        }
        boolean last = epoch == plan.epochs() - 1;
        if (checkpoints != null && !last) {
          checkpoints.saveEpoch(
              generation.index(),
              metrics,
              schedule.save(),
              student::saveParameters,
              student::saveOptimizerState);
        }
        listeners.forEach(l -> l.onEpochEnd(epochMetrics));
      }
      ImmutableList<EpochMetrics> all = ImmutableList.copyOf(metrics);
      ParameterSnapshot parameters;
      if (checkpoints != null) {
        Path file = checkpoints.saveFinished(generation.index(), all, student::saveParameters);
        parameters = ParameterSnapshot.ofFile(file);
      } else {
        parameters = ParameterSnapshot.copyOf(student.block());
      }
      logger.info("{} done", generation.name());
      listeners.forEach(l -> l.onGenerationEnd(generation, all));
      return new Outcome(all, parameters, best);
    }
  }

  /** DJL reports progress in samples; the first batch's size turns it into batches. */
  private static int expectedBatches(Batch first) {
    long samples = first.getProgressTotal();
    int size = first.getSize();
    return samples > 0 && size > 0 ? Math.toIntExact((samples + size - 1) / size) : -1;
  }

  private EpochMetrics trainEpoch(
      GenerationPlan generation,
      int epoch,
      Student student,
      Loss loss,
      TeacherOutputs teacher,
      LearningRateSchedule.Tracker schedule,
      Dataset trainingSet,
      Dataset validationSet)
      throws IOException {
    long start = System.nanoTime();
    // The engine seed fixes the shuffling (DJL's RandomUtils), augmentation and dropout (the
    // engine's generator) of this epoch, independently of what ran before it.
    Engine.getInstance().setRandomSeed(Seeds.epoch(generation.seed(), epoch));
    student.resetState();
    if (teacher != null) {
      teacher.resetState();
    }
    double lossSum = 0;
    int batches = 0;
    int expectedBatches = LearningRateSchedule.UNKNOWN_BATCHES;
    float firstRate = Float.NaN;
    for (Batch batch : student.batches(trainingSet)) {
      try (batch) {
        if (batches == 0) {
          expectedBatches = expectedBatches(batch);
        }
        // Every step asks the schedule: cosine and warm-up move per step, the others per epoch.
        float rate = schedule.learningRate(epoch, batches, expectedBatches);
        if (batches == 0) {
          firstRate = rate;
        }
        student.setLearningRate(rate);
        if (loss instanceof DistillationLoss distillation) {
          // Random draws of the loss (DKPP) follow the step, so a resumed run repeats them.
          distillation.beginStep(generation.index(), epoch, batches);
        }
        double batchLoss = student.trainBatch(batch, batches, teacher, trainingCheck);
        lossSum += batchLoss;
        batches++;
        BatchProgress progress =
            new BatchProgress(generation.index(), epoch, batches, expectedBatches, batchLoss);
        listeners.forEach(l -> l.onBatch(progress));
      }
    }
    checkArgument(batches > 0, "the training set yielded no batches");
    double validationLoss = Double.NaN;
    double validationError = Double.NaN;
    if (validationSet != null) {
      EvaluationResult validation = student.evaluate(validationSet, validationCheck);
      validationLoss = validation.crossEntropy();
      validationError = validation.errorPercent();
    }
    schedule.observe(epoch, validationLoss);
    double seconds = (System.nanoTime() - start) / 1e9;
    EpochMetrics metrics =
        new EpochMetrics(
            generation.index(),
            epoch,
            lossSum / batches,
            validationLoss,
            validationError,
            firstRate,
            seconds);
    if (logger.isInfoEnabled()) {
      logger.info(
          String.format(
              Locale.ROOT,
              "%s epoch %d/%d: training loss %.4f, validation loss %.4f, validation error %.2f%%,"
                  + " lr %.4g, %.1f s",
              generation.name(),
              epoch + 1,
              plan.epochs(),
              metrics.trainingLoss(),
              metrics.validationLoss(),
              metrics.validationErrorPercent(),
              metrics.learningRate(),
              seconds));
    }
    return metrics;
  }
}
