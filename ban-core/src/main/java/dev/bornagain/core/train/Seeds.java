package dev.bornagain.core.train;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;

/**
 * Derives every seed of a run from one base seed, so that seeds are distinct, reproducible and
 * recorded; there is no hidden random generator. Pure functions only.
 */
public final class Seeds {

  private Seeds() {}

  /**
   * Derives a seed for a purpose and an index (e.g. "generation", 2).
   *
   * @param seed the parent seed
   * @param purpose what the seed is for
   * @param index the index within that purpose
   * @return a 64-bit seed, practically distinct for distinct inputs
   */
  @SuppressWarnings("UnstableApiUsage")
  public static long derive(long seed, String purpose, long index) {
    return Hashing.sipHash24()
        .newHasher()
        .putLong(seed)
        .putString(purpose, StandardCharsets.UTF_8)
        .putLong(index)
        .hash()
        .asLong();
  }

  /**
   * Returns the seed of one generation.
   *
   * @param baseSeed the run's base seed
   * @param generation the generation index
   * @return the generation's seed
   */
  public static long generation(long baseSeed, int generation) {
    return derive(baseSeed, "generation", generation);
  }

  /**
   * Returns the engine seed (DJL takes an int) for an epoch of a generation; reseeding with it at
   * every epoch start is what makes a resumed run repeat the uninterrupted one.
   *
   * @param generationSeed the generation's seed
   * @param epoch the zero-based epoch
   * @return the engine seed
   */
  public static int epoch(long generationSeed, int epoch) {
    return toEngineSeed(derive(generationSeed, "epoch", epoch));
  }

  /**
   * Returns the engine seed for parameter initialisation of a generation.
   *
   * @param generationSeed the generation's seed
   * @return the engine seed
   */
  public static int initialisation(long generationSeed) {
    return toEngineSeed(derive(generationSeed, "initialisation", 0));
  }

  private static int toEngineSeed(long seed) {
    // Non-negative: some engines reject negative seeds.
    return (int) ((seed ^ (seed >>> 32)) & 0x7fffffff);
  }
}
