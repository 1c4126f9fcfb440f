package dev.bornagain.core.train;

import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a student's teacher logits come from: computed live for every batch (always right), or
 * computed in the first epoch and replayed from host memory afterwards, which is only right when
 * every epoch yields the same batches in the same order with no random augmentation. The run's
 * builder refuses the cache for datasets that do not declare themselves repeatable.
 */
public final class TeacherOutputs {

  private final Teacher teacher;
  private final Map<String, Cached> cache;

  private TeacherOutputs(Teacher teacher, Map<String, Cached> cache) {
    this.teacher = checkNotNull(teacher, "teacher");
    this.cache = cache;
  }

  /**
   * Computes the teacher's logits for every batch.
   *
   * @param teacher the teacher
   * @return the source
   */
  public static TeacherOutputs live(Teacher teacher) {
    return new TeacherOutputs(teacher, null);
  }

  /**
   * Computes each batch's logits once and replays them in later epochs.
   *
   * @param teacher the teacher
   * @return the source
   */
  public static TeacherOutputs cached(Teacher teacher) {
    return new TeacherOutputs(teacher, new HashMap<>());
  }

  /** Returns the teacher. */
  public Teacher teacher() {
    return teacher;
  }

  /**
   * Returns the teacher's logits for one device's share of one batch.
   *
   * @param input the data the student sees
   * @param batchIndex the batch's position within the epoch
   * @param split the device split's index
   * @return the logits, owned by the input's manager
   */
  public NDArray logits(NDList input, int batchIndex, int split) {
    if (cache == null) {
      return teacher.logits(input);
    }
    String key = batchIndex + "/" + split;
    Cached hit = cache.get(key);
    if (hit != null) {
      return input.head().getManager().create(hit.values, hit.shape);
    }
    NDArray logits = teacher.logits(input);
    cache.put(key, new Cached(logits.toFloatArray(), logits.getShape()));
    return logits;
  }

  /** Forgets the teacher's carried state at an epoch start. */
  public void resetState() {
    teacher.resetState();
  }

  private record Cached(float[] values, Shape shape) {}
}
