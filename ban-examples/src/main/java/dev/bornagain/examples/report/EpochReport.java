package dev.bornagain.examples.report;

/**
 * One epoch of one generation.
 *
 * @param epoch the epoch, counted from 1
 * @param trainLoss the mean training loss over the epoch
 * @param validation the validation error (percent) or perplexity after the epoch
 * @param learningRate the learning rate of the epoch's first step
 */
public record EpochReport(int epoch, double trainLoss, double validation, float learningRate) {}
