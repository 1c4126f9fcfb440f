package dev.bornagain.models.serving;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import dev.bornagain.models.ensemble.EnsembleBlock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code blockFactory} of an exported model's {@code serving.properties}: DJL's model loader
 * (and so DJL Serving) calls it with the properties as arguments and then loads the parameters into
 * the block it returns. The block returns probabilities (the mean of the members' softmaxes).
 */
public final class EnsembleBlockFactory implements BlockFactory {

  private static final long serialVersionUID = 1L;

  /** Creates the factory; DJL instantiates it by class name. */
  public EnsembleBlockFactory() {}

  @Override
  public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
    return ExportedModel.fromArguments(arguments, modelPath)
        .newBlock(model.getNDManager(), EnsembleBlock.Output.PROBABILITIES);
  }
}
