/**
 * Named presets of the architectures (the Born-Again paper's networks, the classic CIFAR ResNets,
 * small CPU CNNs and the PTB language models) that code and the command line can list and build.
 */
package dev.bornagain.models.catalogue;
