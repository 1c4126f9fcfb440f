/**
 * Crash-safe checkpoints: {@link dev.bornagain.core.checkpoint.CheckpointDirectory} writes every
 * epoch's parameters, optimizer state and schedule position atomically, each file with its SHA-256
 * beside it ({@link dev.bornagain.core.checkpoint.FileDigest}), falls back to the previous epoch
 * when the newest is damaged, and refuses a directory whose {@link
 * dev.bornagain.core.checkpoint.Fingerprint} differs from the run's configuration.
 */
package dev.bornagain.core.checkpoint;
