/**
 * {@code ban bench}: speed and memory benchmarks of the library's own training path ({@code
 * StepHarness} times {@code Student.trainBatch}), run on synthetic in-memory data so that they need
 * no files, and on the Penn Treebank's text for the language model ({@code lm-throughput}). Each
 * prints machine-readable lines and, as its last line, the one number it exists for ({@code
 * images/s}, {@code tokens/s}, {@code ratio}, {@code growth}). These are benchmarks, not tests:
 * their numbers and the commands that produced them are recorded in {@code docs/benchmarks.md}.
 */
package dev.bornagain.benchmarks.step;
