/**
 * What every run writes into its output directory: {@code report.json}, {@code report.md} (the
 * paper's table, mean and standard deviation over seeds) and PNG plots.
 */
package dev.bornagain.examples.report;
