/**
 * {@code ban bench}: speed and memory benchmarks of the library's own training path, run on
 * synthetic in-memory data so that they need no files. Each prints machine-readable lines and, as
 * its last line, the one number it exists for ({@code images/s}, {@code ratio}, {@code growth}).
 * These are benchmarks, not tests: their numbers and the commands that produced them are recorded
 * in {@code docs/benchmarks.md}.
 */
package dev.bornagain.examples.bench;
