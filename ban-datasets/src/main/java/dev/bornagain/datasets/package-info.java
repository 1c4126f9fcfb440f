/**
 * Where the data comes from: dataset splits, the official download locations with their checksums,
 * and the checks that turn a missing or corrupt file into an error naming the file.
 *
 * <p>The readers themselves live in {@link dev.bornagain.datasets.image} (CIFAR-10/100,
 * Fashion-MNIST) and {@link dev.bornagain.datasets.text} (Penn Treebank).
 */
package dev.bornagain.datasets;
