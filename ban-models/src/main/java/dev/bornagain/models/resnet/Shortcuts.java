package dev.bornagain.models.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/** The parameter-free shortcut of option A. */
final class Shortcuts {

  private Shortcuts() {}

  /**
   * Subsamples {@code x} (NCHW) by {@code stride} and pads its channels with zeros on both sides up
   * to {@code outChannels}, as the common PyTorch CIFAR ResNet does.
   */
  static NDArray zeroPad(NDArray x, long outChannels, int stride) {
    NDArray sub = stride == 1 ? x : x.get(":, :, ::" + stride + ", ::" + stride);
    Shape s = sub.getShape();
    long extra = outChannels - s.get(1);
    if (extra == 0) {
      return sub;
    }
    long before = extra / 2;
    long after = extra - before;
    NDList parts = new NDList();
    if (before > 0) {
      parts.add(
          x.getManager()
              .zeros(
                  new Shape(s.get(0), before, s.get(2), s.get(3)), x.getDataType(), x.getDevice()));
    }
    parts.add(sub);
    parts.add(
        x.getManager()
            .zeros(new Shape(s.get(0), after, s.get(2), s.get(3)), x.getDataType(), x.getDevice()));
    return NDArrays.concat(parts, 1);
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
