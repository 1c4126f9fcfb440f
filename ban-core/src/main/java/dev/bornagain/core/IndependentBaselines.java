package dev.bornagain.core;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.regex.Pattern;

/**
 * The equal-compute rivals of a born-again run ({@link BornAgainBuilder#independentBaselines()}),
 * after Allen-Zhu and Li (2020), who read self-distillation as an implicit ensemble followed by a
 * distillation: what would the same training time buy without born-again supervision?
 *
 * <p>A run of N students trains N + 1 networks one after another. Its rivals:
 *
 * <ul>
 *   <li>{@code Ind-2} .. {@code Ind-(N+1)}: networks of the teacher's architecture and recipe,
 *       trained on the labels alone from seeds of their own (the teacher is {@code Ind-1});
 *   <li>{@code Ind*m}: the mean of the probabilities of the teacher and {@code Ind-2..Ind-m}, the
 *       rival of {@code Ens*(m-1)+T}, which also averages m networks;
 *   <li>{@code KD(Ind*m)}, m in [2, N]: one network of BAN-m's architecture distilled from {@code
 *       Ind*m} with the students' loss and recipe; m + 1 networks trained, as for BAN-m, so it is
 *       the rival of a single born-again student ({@code KD(Ind*1)} would be BAN-1 itself).
 * </ul>
 *
 * <p>Generation indices: 0..N are the teacher and students, N + 1 the ensemble-distilled student, N
 * + m the network {@code Ind-m} and 2N + m the network {@code KD(Ind*m)}, so that every network of
 * a run has its own checkpoint slot.
 */
public final class IndependentBaselines {

  private static final Pattern BASELINE =
      Pattern.compile("Ind-\\d+|Ind\\*(\\d+|auto)|KD\\(Ind\\*\\d+\\)");

  private IndependentBaselines() {}

  /**
   * Returns the name of an independently trained network, e.g. "Ind-2".
   *
   * @param m its place among the independent networks, the teacher being the first; &gt;= 2
   * @return the name
   */
  public static String networkName(int m) {
    checkArgument(
        m >= 2, "independent networks are numbered from 2 (the teacher is 1) but was %s", m);
    return "Ind-" + m;
  }

  /**
   * Returns the name of the mean of m independent networks' probabilities, e.g. "Ind*3".
   *
   * @param m the number of networks, &gt;= 2
   * @return the name
   */
  public static String ensembleName(int m) {
    checkArgument(m >= 2, "an independent ensemble has at least 2 networks but was %s", m);
    return "Ind*" + m;
  }

  /**
   * Returns the name of the network distilled from {@code Ind*m}, e.g. "KD(Ind*2)".
   *
   * @param m the number of networks distilled, &gt;= 2
   * @return the name
   */
  public static String distilledName(int m) {
    checkArgument(m >= 2, "KD(Ind*m) distils at least 2 networks but was %s", m);
    return "KD(" + ensembleName(m) + ")";
  }

  /**
   * Tells whether a network or column name is one of the baselines' ("Ind-m", "Ind*m" or
   * "KD(Ind*m)").
   *
   * @param name a generation or column name
   * @return true for a baseline
   */
  public static boolean isBaseline(String name) {
    return BASELINE.matcher(name).matches();
  }

  /**
   * Returns the generation index (the checkpoint slot) of {@code Ind-m}.
   *
   * @param generations N, the run's number (or maximum) of student generations
   * @param m in [2, N + 1]
   * @return N + m
   */
  public static int independentIndex(int generations, int m) {
    return generations + m;
  }

  /**
   * Returns the m of the baseline network in a checkpoint slot ({@code Ind-m} or {@code
   * KD(Ind*m)}), or 0 for a born-again generation's slot (indices up to N + 1).
   *
   * @param generations N, the run's number (or maximum) of student generations
   * @param index a generation index
   * @return m, or 0
   */
  public static int numberAt(int generations, int index) {
    if (index <= generations + 1) {
      return 0;
    }
    return isIndependentAt(generations, index) ? index - generations : index - 2 * generations;
  }

  /**
   * Tells whether a checkpoint slot holds an {@code Ind-m} network (N + 2 to 2N + 1).
   *
   * @param generations N, the run's number (or maximum) of student generations
   * @param index a generation index
   * @return true for an Ind-m slot
   */
  public static boolean isIndependentAt(int generations, int index) {
    return index > generations + 1 && index <= independentIndex(generations, generations + 1);
  }

  /**
   * Returns the name of the baseline network in a checkpoint slot, e.g. "Ind-2" or "KD(Ind*2)".
   *
   * @param generations N, the run's number (or maximum) of student generations
   * @param index a baseline's generation index, &gt; N + 1
   * @return the name
   * @throws IllegalArgumentException for a born-again generation's index
   */
  public static String nameAt(int generations, int index) {
    int m = numberAt(generations, index);
    checkArgument(
        m > 0, "index %s of a run of %s generations holds no baseline", index, generations);
    return isIndependentAt(generations, index) ? networkName(m) : distilledName(m);
  }

  /**
   * Returns the generation index (the checkpoint slot) of {@code KD(Ind*m)}.
   *
   * @param generations N, the run's number (or maximum) of student generations
   * @param m in [2, N]
   * @return 2N + m
   */
  public static int distilledIndex(int generations, int m) {
    return 2 * generations + m;
  }
}
