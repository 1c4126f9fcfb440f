package dev.bornagain.core.listen;

/**
 * Progress within one epoch.
 *
 * @param generation the generation index
 * @param epoch the zero-based epoch
 * @param batch the number of batches done in this epoch, from 1
 * @param batches the number of batches in the epoch (from the dataset size and the first batch's
 *     size), or -1 if the dataset does not say
 * @param loss the training loss of this batch
 */
public record BatchProgress(int generation, int epoch, int batch, int batches, double loss) {}
