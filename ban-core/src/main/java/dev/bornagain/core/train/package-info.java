/**
 * Training one generation: the frozen {@link dev.bornagain.core.train.Teacher}, the trainable
 * {@link dev.bornagain.core.train.Student}, and {@link dev.bornagain.core.train.GenerationTrainer},
 * the epoch loop that joins them through a distillation loss, with validation, learning-rate
 * schedule and checkpoints. {@link dev.bornagain.core.train.ParameterSnapshot} keeps trained
 * parameters off the native heap and loads them shape-checked ({@link
 * dev.bornagain.core.train.ParameterShapes}).
 */
package dev.bornagain.core.train;
