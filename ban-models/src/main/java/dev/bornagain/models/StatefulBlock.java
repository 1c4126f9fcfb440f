package dev.bornagain.models;

/**
 * A block that carries state from one forward pass to the next, such as a language model's hidden
 * state over contiguous batches (truncated back-propagation through time).
 *
 * <p>The carried state is detached from the graph between batches and outlives each batch's
 * manager. Trainers call {@link #resetState()} at the start of every epoch and before every
 * evaluation, so that training and evaluation each start from a zero state.
 */
public interface StatefulBlock {

  /** Forgets the carried state; the next forward pass starts from zeros. */
  void resetState();
}
