package dev.bornagain.models.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Reads a tensor's memory layout, which DJL's API does not show, through the PyTorch engine's
 * package-private binding of {@code Tensor.is_contiguous}. Tests only.
 */
public final class MemoryLayout {

  private static final Object LIBRARY;
  private static final Method IS_CONTIGUOUS;

  static {
    try {
      Class<?> library = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
      Field instance = library.getDeclaredField("LIB");
      instance.setAccessible(true);
      LIBRARY = instance.get(null);
      IS_CONTIGUOUS = library.getDeclaredMethod("torchIsContiguous", long.class);
      IS_CONTIGUOUS.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private MemoryLayout() {}

  /** Whether the array is dense in row-major order of its shape (NCHW for an image batch). */
  public static boolean isContiguous(NDArray array) {
    try {
      return (boolean) IS_CONTIGUOUS.invoke(LIBRARY, ((PtNDArray) array).getHandle());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether a 4-d NCHW array is stored NHWC: its NHWC permutation is the dense one. */
  public static boolean isChannelsLast(NDArray nchw) {
    return !isContiguous(nchw) && isContiguous(nchw.transpose(0, 2, 3, 1));
  }
}
