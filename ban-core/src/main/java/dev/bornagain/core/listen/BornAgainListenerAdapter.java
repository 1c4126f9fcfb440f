package dev.bornagain.core.listen;

import com.google.common.collect.ImmutableList;

/** A {@link BornAgainListener} that ignores every event; override the ones you need. */
public abstract class BornAgainListenerAdapter implements BornAgainListener {

  /** Creates an adapter that ignores every event. */
  protected BornAgainListenerAdapter() {}

  @Override
  public void onGenerationStart(GenerationPlan plan) {}

  @Override
  public void onEpochEnd(EpochMetrics metrics) {}

  @Override
  public void onBatch(BatchProgress progress) {}

  @Override
  public void onGenerationEnd(GenerationPlan plan, ImmutableList<EpochMetrics> epochs) {}
}
