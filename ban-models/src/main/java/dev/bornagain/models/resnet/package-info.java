/**
 * Residual networks for 32x32 images: the classic CIFAR ResNet (He et al. 2015, depth 6n+2) and the
 * pre-activation ResNet (He et al. 2016, "Identity Mappings"), whose basic block the Wide-ResNet
 * shares.
 */
package dev.bornagain.models.resnet;
