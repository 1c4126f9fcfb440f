/**
 * Image datasets: CIFAR-10 and CIFAR-100 from their binary files, Fashion-MNIST from IDX files
 * (gzipped or not), held in memory as unsigned bytes and served to DJL as normalised float32 (C, H,
 * W) images with per-sample augmentation on the training split only.
 */
package dev.bornagain.datasets.image;
