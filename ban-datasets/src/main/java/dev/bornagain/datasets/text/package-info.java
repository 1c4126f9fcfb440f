/**
 * Word-level language modelling on the Penn Treebank: the corpus with its training-only vocabulary,
 * contiguous batches for truncated back-propagation through time, and perplexity.
 */
package dev.bornagain.datasets.text;
