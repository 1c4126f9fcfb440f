/**
 * Densely connected networks for 32x32 images (Huang, Liu, van der Maaten, Weinberger, CVPR 2017),
 * with bottleneck layers and compression (DenseNet-BC) or without.
 */
package dev.bornagain.models.densenet;
