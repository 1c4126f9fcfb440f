/** Small convolutional networks sized for quick runs on a 2-core CPU. */
package dev.bornagain.models.cnn;
