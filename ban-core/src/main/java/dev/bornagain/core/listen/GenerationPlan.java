package dev.bornagain.core.listen;

/**
 * One generation as it is about to train.
 *
 * @param index the generation index, 0 for the teacher
 * @param name "teacher" or "BAN-k"
 * @param seed the generation's seed, derived from the base seed
 * @param epochs the number of epochs in its schedule
 * @param firstEpoch the epoch it starts from: 0, or later when resumed from a checkpoint
 */
public record GenerationPlan(int index, String name, long seed, int epochs, int firstEpoch) {}
