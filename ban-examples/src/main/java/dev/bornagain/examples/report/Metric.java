package dev.bornagain.examples.report;

/** What a run reports per generation: classification error or language-model perplexity. */
public enum Metric {
  /** Classification error in percent (lower is better). */
  ERROR_PERCENT("Error", "testError", "validationError", "%"),
  /** Perplexity, exp of the mean token cross-entropy (lower is better). */
  PERPLEXITY("Perplexity", "testPerplexity", "validationPerplexity", "");

  private final String label;
  private final String testField;
  private final String validationField;
  private final String unit;

  Metric(String label, String testField, String validationField, String unit) {
    this.label = label;
    this.testField = testField;
    this.validationField = validationField;
    this.unit = unit;
  }

  /** Returns the human name, e.g. "Error". */
  public String label() {
    return label;
  }

  /** Returns the JSON field of the test value. */
  public String testField() {
    return testField;
  }

  /** Returns the JSON field of the validation value. */
  public String validationField() {
    return validationField;
  }

  /** Returns the unit suffix shown after values ("%" or nothing). */
  public String unit() {
    return unit;
  }
}
