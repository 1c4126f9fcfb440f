/**
 * Optimisation whose state can be saved and restored exactly: {@link
 * dev.bornagain.core.optim.MomentumSgd} (SGD with momentum, optional Nesterov, weight decay) and
 * {@link dev.bornagain.core.optim.LearningRateSchedule} (multi-step and plateau decay).
 */
package dev.bornagain.core.optim;
