package dev.bornagain.core.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import com.google.common.collect.ImmutableList;
import dev.bornagain.models.ensemble.Probabilities;
import java.util.ArrayList;
import java.util.List;

/**
 * The frozen supervisor of a student generation: the previous generation, or an ensemble of
 * generations (then its logits are the log of the members' mean probabilities). A teacher is a
 * different type from a {@link Student}, so the two roles cannot be swapped. It owns its members
 * and closes them.
 */
public final class Teacher implements AutoCloseable {

  private final ImmutableList<FrozenModel> members;

  private Teacher(ImmutableList<FrozenModel> members) {
    this.members = members;
  }

  /**
   * A teacher made of one frozen generation.
   *
   * @param model the frozen generation; the teacher takes ownership
   * @return the teacher
   */
  public static Teacher of(FrozenModel model) {
    return new Teacher(ImmutableList.of(model));
  }

  /**
   * A teacher made of several frozen generations whose probabilities are averaged.
   *
   * @param models the members; the teacher takes ownership
   * @return the teacher
   * @throws IllegalArgumentException if there are no members
   */
  public static Teacher ensembleOf(List<FrozenModel> models) {
    checkArgument(!models.isEmpty(), "an ensemble teacher needs at least one member");
    return new Teacher(ImmutableList.copyOf(models));
  }

  /** Returns the members' names. */
  public ImmutableList<String> memberNames() {
    return members.stream().map(FrozenModel::name).collect(ImmutableList.toImmutableList());
  }

  /**
   * Computes the teacher's logits for a student's input, in inference mode, without gradient.
   *
   * @param input exactly the input the student sees (after augmentation)
   * @return logits of shape (N, C) or (N, T, C), owned by the input's manager
   */
  public NDArray logits(NDList input) {
    if (members.size() == 1) {
      return members.get(0).forward(input).head();
    }
    List<NDArray> logits = new ArrayList<>(members.size());
    for (FrozenModel member : members) {
      logits.add(member.forward(input).head());
    }
    return Probabilities.logMean(logits);
  }

  /** Forgets the members' carried state; called at every epoch start. */
  public void resetState() {
    members.forEach(FrozenModel::resetState);
  }

  /** Frees the members' native memory. */
  @Override
  public void close() {
    members.forEach(FrozenModel::close);
  }
}
