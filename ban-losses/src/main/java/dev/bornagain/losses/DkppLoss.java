package dev.bornagain.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Dark Knowledge with Permuted Predictions (Furlanello et al., "Born Again Neural Networks", ICML
 * 2018, section 3.2): the Born-Again Networks loss against a teacher distribution whose non-argmax
 * entries are shuffled.
 *
 * <pre>
 *   loss = (1/S) sum_s -sum_i p~_{i,s} log q_{i,s}
 * </pre>
 *
 * <p>where {@code q} is the student's softmax, {@code p~_s} is the teacher's softmax {@code p_s}
 * with its argmax entry kept in place and its other C - 1 entries randomly permuted <em>within
 * sample s</em>, and S is the number of samples ("batchmean"; every time step of a sequence is a
 * sample). When the teacher's maximum is tied, the first maximum is the one kept in place. With two
 * classes there is nothing to permute and the loss equals {@link BanLoss}.
 *
 * <p>A fresh permutation is drawn for every sample at every call. A trainer announces each step
 * with {@link #beginStep}, which reseeds the generator from (seed, generation, epoch, batch), so a
 * run resumed from a checkpoint draws exactly the permutations of the uninterrupted run; without
 * steps the generator runs on from the seed: two losses with the same seed called on the same
 * batches produce the same targets. The random keys (31 bits per entry) are drawn on the host and
 * the permutation is built with argsort and gather on the teacher's device; two equal keys in one
 * sample (chance about C^2 / 2^32) are ordered by position, a negligible bias that keeps the draw
 * identical on every device. Note that DJL's {@code EasyTrain} evaluates the loss twice per
 * training batch (once to backpropagate, once for the logged metric), so the logged value uses a
 * different draw from the one optimised. A batch with hard labels only gets the mean label
 * cross-entropy and draws nothing. Create it with {@link DistillationLosses#dkpp(long)}.
 */
public final class DkppLoss extends DistillationLoss {

  /** Random keys are 31-bit; the argmax key is pushed above all of them. */
  private static final long KEY_RANGE = 1L << 31;

  private final long seed;
  private SplittableRandom random;

  DkppLoss(long seed) {
    super("DKPP");
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  /** Returns the seed the generator started from. */
  public long seed() {
    return seed;
  }

  /**
   * Draws the permuted teacher distribution {@code p~} for a batch, advancing this loss's
   * generator: each sample's argmax probability stays in place and its other probabilities are
   * shuffled among the other positions.
   *
   * @param batch a batch with teacher logits
   * @return shape (S, C), detached, on the teacher's device
   * @throws IllegalStateException if the batch carries no teacher
   */
  public NDArray permutedTarget(DistillationBatch batch) {
    NDArray probabilities = batch.teacherProbabilities();
    long samples = batch.sampleCount();
    int classes = Math.toIntExact(batch.classCount());
    NDManager manager = probabilities.getManager();

    NDArray positions =
        manager
            .arange(0, classes, 1, DataType.INT64)
            .toDevice(probabilities.getDevice(), false)
            .reshape(1, classes);
    NDArray top = probabilities.argMax(1).reshape(samples, 1);
    NDArray isTop = positions.eq(top).toType(DataType.INT64, false);
    NDArray notBeforeTop = positions.gt(top).toType(DataType.INT64, false);

    // Unique sort keys, below 2^32 * C: a random 31-bit draw, the position as tie-break (so the
    // order is the same on every device), and the argmax lifted above every other key. Sorting
    // them lists the non-argmax positions in random order, then the argmax.
    NDArray draws =
        manager
            .create(drawKeys(samples * classes), new Shape(samples, classes))
            .toDevice(probabilities.getDevice(), false)
            .toType(DataType.INT64, false);
    NDArray keys = draws.mul(classes).add(positions).add(isTop.mul(KEY_RANGE * classes));
    NDArray randomOrder = keys.argSort(1);

    // The same listing in positional order is 0..C-1 without the argmax, then the argmax; rank[j]
    // is position j's place in it. Position j takes its value from randomOrder[rank[j]], so the
    // argmax maps to itself and the others to a random bijection of the others.
    NDArray rank = positions.sub(notBeforeTop).add(isTop.mul(positions.neg().add(classes - 1)));
    NDArray source = randomOrder.gather(rank, 1);
    return probabilities.gather(source, 1);
  }

  /**
   * Reseeds the generator from (seed, generation, epoch, batch): the draws of a step do not depend
   * on the steps before it.
   */
  @Override
  public synchronized void beginStep(int generation, int epoch, int batch) {
    long mixed = seed;
    for (long part : new long[] {generation, epoch, batch}) {
      mixed = new SplittableRandom(mixed * 0x9E3779B97F4A7C15L + part).nextLong();
    }
    random = new SplittableRandom(mixed);
  }

  private synchronized int[] drawKeys(long count) {
    int[] keys = new int[Math.toIntExact(count)];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = random.nextInt() >>> 1;
    }
    return keys;
  }

  /**
   * Returns e.g. {@code DKPP(seed=7, permutation redrawn per sample at every call, seeded per
   * step)}: the seed and when the permutation is drawn.
   */
  @Override
  public String describe() {
    return "DKPP(seed=" + seed + ", permutation redrawn per sample at every call, seeded per step)";
  }

  @Override
  protected NDArray distill(DistillationBatch batch) {
    return batch.softCrossEntropy(permutedTarget(batch)).mean();
  }
}
