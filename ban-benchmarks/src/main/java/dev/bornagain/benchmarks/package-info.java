/**
 * JMH benchmarks: {@link dev.bornagain.benchmarks.LossBenchmark} times each distillation loss's
 * forward and backward pass beside DJL's own softmax cross-entropy on the same shapes. Run them
 * with {@code ban-benchmarks/run.sh}; the build compiles them but never runs them.
 */
package dev.bornagain.benchmarks;
