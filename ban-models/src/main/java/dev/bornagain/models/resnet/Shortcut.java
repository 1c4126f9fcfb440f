package dev.bornagain.models.resnet;

/** How a residual unit's shortcut matches a change of width or resolution. */
public enum Shortcut {
  /**
   * He et al.'s option A: subsample by the stride and pad the new channels with zeros; adds no
   * parameters (the original CIFAR ResNets).
   */
  ZERO_PAD,
  /** Option B: a 1x1 convolution with the stride (and, in post-activation units, batch norm). */
  PROJECTION
}
