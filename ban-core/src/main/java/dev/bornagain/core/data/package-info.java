/**
 * Datasets as a run sees them: {@link dev.bornagain.core.data.RepeatableDataset} declares that
 * every epoch yields the same batches, which is what allows caching a teacher's outputs; {@link
 * dev.bornagain.core.data.DataSummary} reads the size, shapes and a digest of a few batches that a
 * checkpoint's configuration records.
 */
package dev.bornagain.core.data;
