package dev.bornagain.models.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** The parameter-free shortcut of option A. */
final class Shortcuts {

  private Shortcuts() {}

  /**
   * Subsamples {@code x} (NCHW) by {@code stride} and pads its channels with zeros on both sides up
   * to {@code outChannels}, as the common PyTorch CIFAR ResNet does ({@code F.pad}). One padding op
   * rather than a concatenation with zero arrays: it keeps the input's memory layout (see {@link
   * dev.bornagain.models.layers.ChannelsLast}), where a concatenation with freshly made NCHW zeros
   * would turn the rest of the stage back to NCHW.
   */
  static NDArray zeroPad(NDArray x, long outChannels, int stride) {
    NDArray sub = stride == 1 ? x : x.get(":, :, ::" + stride + ", ::" + stride);
    long extra = outChannels - sub.getShape().get(1);
    if (extra == 0) {
      return sub;
    }
    long before = extra / 2;
    // Pairs from the last axis back: width, height, then channels.
    return sub.pad(new Shape(0, 0, 0, 0, before, extra - before), 0);
  }

  /** The output shape of {@link #zeroPad}. */
  static Shape zeroPadShape(Shape in, long outChannels, int stride) {
    return new Shape(
        in.get(0),
        outChannels,
        (in.get(2) + stride - 1) / stride,
        (in.get(3) + stride - 1) / stride);
  }
}
