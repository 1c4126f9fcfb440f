package dev.bornagain.losses;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;

/**
 * A batch of random student logits, teacher logits and hard labels, held as plain Java arrays so
 * the double-precision {@link Reference} and the NDArray losses see the same numbers.
 *
 * @param shape the logits' shape, (N, C) or (N, T, C)
 * @param student the student's logits, row-major
 * @param teacher the teacher's logits, row-major
 * @param labels the hard labels, one per sample
 */
record Fixture(Shape shape, float[] student, float[] teacher, long[] labels) {

  /** A loss value and the gradient with respect to the student's logits, as NDArrays computed. */
  record Evaluation(float value, Shape valueShape, float[] gradient) {}

  static Fixture random(long seed, long... dims) {
    Shape shape = new Shape(dims);
    Random random = new Random(seed);
    int size = Math.toIntExact(shape.size());
    int classes = Math.toIntExact(shape.tail());
    float[] student = new float[size];
    float[] teacher = new float[size];
    for (int k = 0; k < size; k++) {
      student[k] = (float) (2 * random.nextGaussian());
      teacher[k] = (float) (3 * random.nextGaussian());
    }
    long[] labels = new long[size / classes];
    for (int s = 0; s < labels.length; s++) {
      labels[s] = random.nextInt(classes);
    }
    return new Fixture(shape, student, teacher, labels);
  }

  int classes() {
    return Math.toIntExact(shape.tail());
  }

  Shape sampleShape() {
    return shape.slice(0, shape.dimension() - 1);
  }

  double[][] studentRows() {
    return rows(student);
  }

  double[][] teacherRows() {
    return rows(teacher);
  }

  private double[][] rows(float[] flat) {
    int classes = classes();
    double[][] out = new double[flat.length / classes][classes];
    for (int k = 0; k < flat.length; k++) {
      out[k / classes][k % classes] = flat[k];
    }
    return out;
  }

  NDArray studentArray(NDManager manager) {
    return manager.create(student, shape);
  }

  NDArray teacherArray(NDManager manager) {
    return manager.create(teacher, shape);
  }

  NDArray labelArray(NDManager manager) {
    return manager.create(labels, sampleShape());
  }

  NDList labelsWithTeacher(NDManager manager) {
    return new NDList(labelArray(manager), teacherArray(manager));
  }

  DistillationBatch batch(NDManager manager) {
    return DistillationBatch.of(
        "test", labelArray(manager), teacherArray(manager), studentArray(manager));
  }

  /** Evaluates a loss with autograd on; with {@code withTeacher} false, labels only. */
  Evaluation evaluate(DistillationLoss loss, NDManager parent, boolean withTeacher) {
    try (NDManager manager = parent.newSubManager()) {
      NDArray logits = studentArray(manager);
      logits.setRequiresGradient(true);
      NDList labelList = withTeacher ? labelsWithTeacher(manager) : new NDList(labelArray(manager));
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray value = loss.evaluate(labelList, new NDList(logits));
        collector.backward(value);
        return new Evaluation(
            value.getFloat(), value.getShape(), logits.getGradient().toFloatArray());
      }
    }
  }

  static double[] flatten(double[][] rows) {
    int classes = rows[0].length;
    double[] out = new double[rows.length * classes];
    for (int s = 0; s < rows.length; s++) {
      System.arraycopy(rows[s], 0, out, s * classes, classes);
    }
    return out;
  }
}
