package dev.bornagain.losses;

/**
 * Independent double-precision values and gradients of every loss, in plain Java arrays over the
 * flattened samples: logits {@code [S][C]}, labels {@code [S]}. Nothing here touches an NDArray.
 */
final class Reference {

  /** A loss value and its gradient with respect to the student's logits, {@code [S][C]}. */
  record Result(double value, double[][] gradient) {}

  private Reference() {}

  static double[] logSoftmax(double[] logits, double temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (double z : logits) {
      max = Math.max(max, z / temperature);
    }
    double sum = 0;
    for (double z : logits) {
      sum += Math.exp(z / temperature - max);
    }
    double logSum = max + Math.log(sum);
    double[] out = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = logits[i] / temperature - logSum;
    }
    return out;
  }

  static double[] softmax(double[] logits, double temperature) {
    double[] out = logSoftmax(logits, temperature);
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.exp(out[i]);
    }
    return out;
  }

  /** Cross-entropy of q = softmax(student) against the given targets, batchmean. */
  static Result softTarget(double[][] student, double[][] target) {
    int samples = student.length;
    double value = 0;
    double[][] gradient = new double[samples][];
    for (int s = 0; s < samples; s++) {
      double[] logQ = logSoftmax(student[s], 1);
      gradient[s] = new double[logQ.length];
      for (int i = 0; i < logQ.length; i++) {
        value -= target[s][i] * logQ[i];
        gradient[s][i] = (Math.exp(logQ[i]) - target[s][i]) / samples;
      }
    }
    return new Result(value / samples, gradient);
  }

  static double[][] softmaxRows(double[][] logits, double temperature) {
    double[][] out = new double[logits.length][];
    for (int s = 0; s < logits.length; s++) {
      out[s] = softmax(logits[s], temperature);
    }
    return out;
  }

  static Result ban(double[][] student, double[][] teacher) {
    return softTarget(student, softmaxRows(teacher, 1));
  }

  /** Label cross-entropy with per-sample weights; batchmean when every weight is 1/S. */
  static Result weightedLabels(double[][] student, long[] labels, double[] weights) {
    double value = 0;
    double[][] gradient = new double[student.length][];
    for (int s = 0; s < student.length; s++) {
      double[] logQ = logSoftmax(student[s], 1);
      int y = (int) labels[s];
      value -= weights[s] * logQ[y];
      gradient[s] = new double[logQ.length];
      for (int i = 0; i < logQ.length; i++) {
        gradient[s][i] = weights[s] * (Math.exp(logQ[i]) - (i == y ? 1 : 0));
      }
    }
    return new Result(value, gradient);
  }

  static Result labels(double[][] student, long[] labels) {
    double[] weights = new double[student.length];
    java.util.Arrays.fill(weights, 1.0 / student.length);
    return weightedLabels(student, labels, weights);
  }

  static Result hinton(
      double[][] student, double[][] teacher, long[] labels, double temperature, double weight) {
    int samples = student.length;
    Result hard = labels(student, labels);
    double soft = 0;
    double[][] gradient = new double[samples][];
    for (int s = 0; s < samples; s++) {
      double[] logQ = logSoftmax(student[s], temperature);
      double[] p = softmax(teacher[s], temperature);
      gradient[s] = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        soft -= p[i] * logQ[i];
        gradient[s][i] =
            weight * hard.gradient()[s][i]
                + (1 - weight) * temperature * (Math.exp(logQ[i]) - p[i]) / samples;
      }
    }
    double value =
        weight * hard.value() + (1 - weight) * temperature * temperature * soft / samples;
    return new Result(value, gradient);
  }

  static Result labelMixed(double[][] student, double[][] teacher, long[] labels, double weight) {
    Result hard = labels(student, labels);
    Result soft = ban(student, teacher);
    double[][] gradient = new double[student.length][];
    for (int s = 0; s < student.length; s++) {
      gradient[s] = new double[student[s].length];
      for (int i = 0; i < student[s].length; i++) {
        gradient[s][i] = weight * hard.gradient()[s][i] + (1 - weight) * soft.gradient()[s][i];
      }
    }
    return new Result(weight * hard.value() + (1 - weight) * soft.value(), gradient);
  }

  static double[] cwtmWeights(double[][] teacher) {
    double[] weights = new double[teacher.length];
    double total = 0;
    for (int s = 0; s < teacher.length; s++) {
      double max = 0;
      for (double p : softmax(teacher[s], 1)) {
        max = Math.max(max, p);
      }
      weights[s] = max;
      total += max;
    }
    for (int s = 0; s < teacher.length; s++) {
      weights[s] /= total;
    }
    return weights;
  }

  static Result cwtm(double[][] student, double[][] teacher, long[] labels) {
    return weightedLabels(student, labels, cwtmWeights(teacher));
  }
}
