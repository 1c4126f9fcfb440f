package dev.bornagain.datasets;

/**
 * A dataset split. The validation split is always carved from the training files (for Penn Treebank
 * it is the corpus's own validation file), never from the test set.
 */
public enum Split {
  /** The training files minus the validation part; the only split that may be augmented. */
  TRAIN,
  /** Held out from the training files, for model selection. */
  VALIDATION,
  /** The test files; never used for model selection. */
  TEST
}
