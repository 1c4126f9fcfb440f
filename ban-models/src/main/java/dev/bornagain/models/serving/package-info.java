/**
 * Trained networks and ensembles as self-describing DJL model directories: {@link
 * dev.bornagain.models.serving.ExportedModel} writes and reads the layout ({@code Model.save}
 * parameters, a {@code serving.properties} in DJL Serving's format, {@code synset.txt}), {@link
 * dev.bornagain.models.serving.EnsembleBlockFactory} rebuilds the block when DJL's {@code Criteria}
 * or DJL Serving loads the directory (for image models inside a {@link
 * dev.bornagain.models.serving.PixelNormalizingBlock}, so that DJL's own image translator, which
 * {@code serving.properties} configures, feeds it correctly), and {@link
 * dev.bornagain.models.serving.ImageClassifierTranslatorFactory} supplies that configuration to
 * exports written before it was in the file. Only DJL, an engine and this module are needed to load
 * and serve; the training library is not.
 */
package dev.bornagain.models.serving;
