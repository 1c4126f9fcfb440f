/** Word-level recurrent language models that carry their hidden state across batches. */
package dev.bornagain.models.lm;
