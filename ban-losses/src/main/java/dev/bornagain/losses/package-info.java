/**
 * The losses of Born-Again Networks as DJL losses: {@link dev.bornagain.losses.DistillationLoss},
 * the contract every distillation loss keeps, and {@link dev.bornagain.losses.DistillationLosses},
 * the factories for the paper's losses (BAN, BAN+L, CWTM, DKPP) and Hinton's tempered KD.
 */
package dev.bornagain.losses;
