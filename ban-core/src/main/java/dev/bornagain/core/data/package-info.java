/**
 * Marker types for datasets: {@link dev.bornagain.core.data.RepeatableDataset} declares that every
 * epoch yields the same batches, which is what allows caching a teacher's outputs.
 */
package dev.bornagain.core.data;
