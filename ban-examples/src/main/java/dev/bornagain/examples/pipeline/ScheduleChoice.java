package dev.bornagain.examples.pipeline;

import dev.bornagain.core.optim.LearningRateSchedule;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The learning-rate schedules a pipeline can use, by their command-line names. */
public enum ScheduleChoice {
  /** The Wide-ResNet recipe: times 0.2 at 30%, 60% and 80% of the epochs. */
  WRN("wrn"),
  /** Half a cosine per step from the base rate to 0 (DJL's {@code CosineTracker}). */
  COSINE("cosine"),
  /** Divide by 4 after every epoch whose validation loss does not improve (the PTB recipe). */
  PLATEAU("plateau"),
  /** No change. */
  CONSTANT("constant");

  /** The divisor of the plateau schedule, the paper's PTB value. */
  public static final float PLATEAU_DIVISOR = 4f;

  private final String cliName;

  ScheduleChoice(String cliName) {
    this.cliName = cliName;
  }

  /** Returns the name used on the command line, e.g. {@code wrn}. */
  public String cliName() {
    return cliName;
  }

  /**
   * Looks a schedule up by its command-line name, ignoring case.
   *
   * @param name {@code wrn}, {@code cosine}, {@code plateau} or {@code constant}
   * @return the choice
   * @throws IllegalArgumentException if no schedule has that name (the message lists the names)
   */
  public static ScheduleChoice parse(String name) {
    for (ScheduleChoice choice : values()) {
      if (choice.cliName.equalsIgnoreCase(name.trim())) {
        return choice;
      }
    }
    throw new IllegalArgumentException(
        "unknown schedule '"
            + name
            + "'; choose one of "
            + Arrays.stream(values())
                .map(ScheduleChoice::cliName)
                .collect(Collectors.joining(", ")));
  }

  /** Returns the schedule. */
  public LearningRateSchedule create() {
    return switch (this) {
      case WRN -> LearningRateSchedule.wideResNet();
      case COSINE -> LearningRateSchedule.cosine(0f);
      case PLATEAU -> LearningRateSchedule.plateau(PLATEAU_DIVISOR);
      case CONSTANT -> LearningRateSchedule.constant();
    };
  }
}
