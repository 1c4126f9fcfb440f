package dev.bornagain.examples.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.training.dataset.Dataset;
import com.google.common.collect.ImmutableList;
import dev.bornagain.datasets.image.ChannelStats;
import dev.bornagain.examples.report.Metric;
import dev.bornagain.models.catalogue.InputKind;

/**
 * The three splits of one dataset, ready for a pipeline.
 *
 * @param dataset the dataset's name in reports, e.g. {@code cifar10}
 * @param description what was read, e.g. how many samples each split holds
 * @param train the training split (shuffled and augmented as the recipe says)
 * @param validation the validation split, carved from the training files, never the test set
 * @param test the test split, used only for the final scores
 * @param outputs the number of classes, or the vocabulary size for language models
 * @param inputKind what the model must consume
 * @param metric error percent or perplexity
 * @param classNames the class names by index, or empty when unknown (and for language models)
 * @param normalization the images' per-channel normalisation from the training split, or null for
 *     language models
 */
public record PreparedData(
    String dataset,
    String description,
    Dataset train,
    Dataset validation,
    Dataset test,
    int outputs,
    InputKind inputKind,
    Metric metric,
    ImmutableList<String> classNames,
    ChannelStats normalization) {

  /**
   * Validates the record.
   *
   * @throws IllegalArgumentException if {@code outputs < 2}
   * @throws NullPointerException if a reference is null
   */
  public PreparedData {
    checkNotNull(dataset, "dataset");
    checkNotNull(description, "description");
    checkNotNull(train, "train");
    checkNotNull(validation, "validation");
    checkNotNull(test, "test");
    checkArgument(outputs >= 2, "a dataset needs at least 2 classes but has %s", outputs);
    checkNotNull(inputKind, "inputKind");
    checkNotNull(metric, "metric");
    checkNotNull(classNames, "classNames");
    checkArgument(
        classNames.isEmpty() || classNames.size() == outputs,
        "%s class names for %s classes",
        classNames.size(),
        outputs);
  }
}
