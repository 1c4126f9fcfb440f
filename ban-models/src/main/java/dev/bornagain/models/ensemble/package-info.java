/**
 * Ensembles of trained networks as one DJL block: {@link
 * dev.bornagain.models.ensemble.EnsembleBlock} averages its members' softmaxes ({@link
 * dev.bornagain.models.ensemble.Probabilities}), so a {@code Model}, a {@code Predictor} or {@code
 * Model.save} work on an ensemble as on any block.
 */
package dev.bornagain.models.ensemble;
