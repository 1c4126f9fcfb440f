package dev.bornagain.core.checkpoint;

import com.google.common.collect.ImmutableList;
import dev.bornagain.core.listen.EpochMetrics;
import java.nio.file.Path;

/**
 * What a checkpoint directory holds for one generation.
 *
 * @param generation the generation index
 * @param completedEpochs the number of epochs fully trained and saved
 * @param finished whether the generation finished training
 * @param scheduleState the learning-rate schedule's saved position after the last saved epoch
 * @param metrics the metrics of the saved epochs
 * @param parameters the parameters file: the final one if finished, else the last epoch's
 * @param optimizerState the optimizer state file of the last saved epoch; null if finished
 */
public record GenerationCheckpoint(
    int generation,
    int completedEpochs,
    boolean finished,
    String scheduleState,
    ImmutableList<EpochMetrics> metrics,
    Path parameters,
    Path optimizerState) {}
