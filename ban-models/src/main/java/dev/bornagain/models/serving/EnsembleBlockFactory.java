package dev.bornagain.models.serving;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code blockFactory} of an exported model's {@code serving.properties}: DJL's model loader
 * (and so DJL Serving) calls it with the properties as arguments and then loads the parameters into
 * the block it returns. The block returns probabilities (the mean of the members' softmaxes); an
 * image model's block takes pixels in [0, 1] and normalises them ({@link
 * ExportedModel#newServingBlock}).
 */
public final class EnsembleBlockFactory implements BlockFactory {

  private static final long serialVersionUID = 1L;

  /** Creates the factory; DJL instantiates it by class name. */
  public EnsembleBlockFactory() {}

  @Override
  public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
    return ExportedModel.fromArguments(arguments, modelPath).newServingBlock(model.getNDManager());
  }
}
