/** The Born-Again paper's architectures as DJL blocks, and a catalogue of named presets. */
package dev.bornagain.models;
