/**
 * Ensembles of generations: {@link dev.bornagain.core.ensemble.EnsemblePredictor} averages its
 * members' probabilities (the paper's Ens*k), evaluates datasets, and is saved and loaded as one
 * unit.
 */
package dev.bornagain.core.ensemble;
