package dev.bornagain.models.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Lays image batches out channels-last in memory (NHWC), keeping their NCHW shape and values.
 *
 * <p>Why: on the CPU, PyTorch runs convolutions through oneDNN, which takes a channels-last tensor
 * as it is but reorders an NCHW one into a blocked layout and the result back, around every
 * convolution and its two backward passes. In ResNet-20 training those reorders were a quarter of
 * oneDNN's time (docs/benchmarks.md). PyTorch carries the layout through convolution, batch norm,
 * ReLU, addition, padding, pooling and concatenation, so converting once at the network's input is
 * enough, as long as no block builds NCHW arrays of its own to combine with the activations.
 *
 * <p>DJL has no memory-format call; the conversion is a permutation to NHWC, a reshape that the
 * permuted strides force to copy, and the permutation back, which is then a channels-last view.
 */
public final class ChannelsLast {

  private ChannelsLast() {}

  /**
   * Returns {@code x} laid out channels-last if it is a 4-d (NCHW) batch, else {@code x} itself.
   * The result has the same shape and values and is differentiable like any other array op.
   *
   * @param x the batch
   * @return the channels-last batch
   */
  public static NDArray layOut(NDArray x) {
    Shape shape = x.getShape();
    if (shape.dimension() != 4) {
      return x;
    }
    long n = shape.get(0);
    long c = shape.get(1);
    long h = shape.get(2);
    long w = shape.get(3);
    // Sizes, not -1: an empty batch has no size to infer.
    return x.transpose(0, 2, 3, 1).reshape(n, h * w * c).reshape(n, h, w, c).transpose(0, 3, 1, 2);
  }
}
