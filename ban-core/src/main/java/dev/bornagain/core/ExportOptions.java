package dev.bornagain.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.bornagain.models.serving.ExportedModel;
import java.util.List;

/**
 * What {@link BornAgainResult#export} writes: which generations, which of their epochs, and what a
 * server needs to rebuild and feed them (the catalogue preset they were built from, the class count
 * and names, and for images the per-channel normalisation they were trained with).
 *
 * @param preset the catalogue preset of every member, e.g. {@code cnn-3x2-grey}
 * @param classes the number of classes
 * @param members the generations' names, e.g. [BAN-1, BAN-2, BAN-3] for Ens*3
 * @param kept which epoch's parameters
 * @param classNames the class names in class order, or empty
 * @param mean per-channel mean of {@code pixel / 255} in training, or empty for non-images
 * @param std per-channel standard deviation, as long as {@code mean}
 */
public record ExportOptions(
    String preset,
    int classes,
    ImmutableList<String> members,
    KeptEpoch kept,
    ImmutableList<String> classNames,
    ImmutableList<Double> mean,
    ImmutableList<Double> std) {

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException if the preset is unknown, there are no members, or the class
   *     names or normalisation do not fit
   */
  public ExportOptions {
    // Those of ExportedModel's checks that options can fail, so bad options fail when built.
    ExportedModel.checkLabelsAndNormalisation(preset, classes, classNames, mean, std);
    checkArgument(!members.isEmpty(), "an export needs at least one member");
    checkNotNull(kept, "kept");
  }

  /**
   * Starts options for members of a catalogue preset.
   *
   * @param preset the preset's name
   * @param classes the number of classes
   * @param members the generations' names
   * @return options with the last epoch, no class names and no normalisation
   */
  public static ExportOptions of(String preset, int classes, List<String> members) {
    return new ExportOptions(
        preset,
        classes,
        ImmutableList.copyOf(members),
        KeptEpoch.LAST,
        ImmutableList.of(),
        ImmutableList.of(),
        ImmutableList.of());
  }

  /**
   * Returns these options with another epoch.
   *
   * @param epoch the epoch to export
   * @return the new options
   */
  public ExportOptions kept(KeptEpoch epoch) {
    return new ExportOptions(preset, classes, members, epoch, classNames, mean, std);
  }

  /**
   * Returns these options with class names.
   *
   * @param names one per class, in class order
   * @return the new options
   */
  public ExportOptions classNames(List<String> names) {
    return new ExportOptions(
        preset, classes, members, kept, ImmutableList.copyOf(names), mean, std);
  }

  /**
   * Returns these options with the images' normalisation, {@code (pixel / 255 - mean) / std} per
   * channel, as in training.
   *
   * @param channelMeans per-channel means
   * @param channelStds per-channel standard deviations
   * @return the new options
   */
  public ExportOptions normalization(List<Double> channelMeans, List<Double> channelStds) {
    return new ExportOptions(
        preset,
        classes,
        members,
        kept,
        classNames,
        ImmutableList.copyOf(channelMeans),
        ImmutableList.copyOf(channelStds));
  }
}
