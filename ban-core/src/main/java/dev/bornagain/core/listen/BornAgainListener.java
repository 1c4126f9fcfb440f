package dev.bornagain.core.listen;

import com.google.common.collect.ImmutableList;

/**
 * Receives the events of a Born-Again run, on the training thread. Extend {@link
 * BornAgainListenerAdapter} to override only the events you need.
 */
public interface BornAgainListener {

  /**
   * A generation is about to train (also when it resumes from a checkpoint).
   *
   * @param plan the generation's index, name, seed and epochs
   */
  void onGenerationStart(GenerationPlan plan);

  /**
   * An epoch has ended and been validated.
   *
   * @param metrics what the epoch measured
   */
  void onEpochEnd(EpochMetrics metrics);

  /**
   * A training batch has been applied.
   *
   * @param progress where the epoch stands
   */
  void onBatch(BatchProgress progress);

  /**
   * A generation has finished training. Not sent for a pre-trained teacher or for generations found
   * finished in the checkpoint directory, which are not trained again.
   *
   * @param plan the generation's plan
   * @param epochs its metrics per epoch, resumed epochs included
   */
  void onGenerationEnd(GenerationPlan plan, ImmutableList<EpochMetrics> epochs);
}
