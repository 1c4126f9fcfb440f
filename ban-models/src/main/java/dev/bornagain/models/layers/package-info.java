/**
 * Layers and initialisers shared by the architectures: convolutions initialised He-normal
 * (fan-out), batch normalisation, classifiers initialised as PyTorch's {@code nn.Linear}, and
 * parameter counting.
 */
package dev.bornagain.models.layers;
