package dev.bornagain.core.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import com.google.common.collect.ImmutableList;
import dev.bornagain.core.optim.LearningRateSchedule;
import dev.bornagain.core.optim.SgdSettings;

/**
 * What every generation shares: the same epochs, optimizer settings and learning-rate schedule (the
 * paper trains each student on the teacher's schedule), the devices, and the input shapes.
 *
 * @param epochs epochs per generation, &gt;= 1
 * @param sgd the optimizer settings
 * @param schedule the learning-rate schedule
 * @param devices the training devices; the teacher is replicated on the same ones
 * @param inputShapes the shapes of one batch's data arrays, for initialisation
 */
public record TrainingPlan(
    int epochs,
    SgdSettings sgd,
    LearningRateSchedule schedule,
    ImmutableList<Device> devices,
    ImmutableList<Shape> inputShapes) {

  /**
   * Validates the plan.
   *
   * @throws IllegalArgumentException if epochs &lt; 1 or devices or shapes are empty
   */
  public TrainingPlan {
    checkArgument(epochs >= 1, "epochs must be >= 1 but was %s", epochs);
    checkNotNull(sgd, "sgd");
    checkNotNull(schedule, "schedule");
    checkArgument(!devices.isEmpty(), "at least one training device is needed");
    checkArgument(!inputShapes.isEmpty(), "input shapes must not be empty");
  }
}
