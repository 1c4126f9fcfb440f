package dev.bornagain.core.data;

/**
 * Declares that a dataset yields the same batches, in the same order, with the same content, in
 * every epoch: no shuffling and no random augmentation. Only such a dataset may have its teacher
 * outputs cached (e.g. a language model's contiguous batches); caching under random augmentation or
 * shuffled order would supervise a student with outputs for inputs it never sees.
 *
 * <p>Implement it on a DJL {@code Dataset} subclass; the interface has no methods.
 */
public interface RepeatableDataset {}
