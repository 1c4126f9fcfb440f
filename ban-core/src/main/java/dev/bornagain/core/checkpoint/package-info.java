/**
 * Crash-safe checkpoints: {@link dev.bornagain.core.checkpoint.CheckpointDirectory} writes every
 * epoch's parameters, optimizer state and schedule position atomically, and refuses a directory
 * whose {@link dev.bornagain.core.checkpoint.Fingerprint} differs from the run's configuration.
 */
package dev.bornagain.core.checkpoint;
