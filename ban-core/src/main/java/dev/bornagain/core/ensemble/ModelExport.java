package dev.bornagain.core.ensemble;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDManager;
import dev.bornagain.core.train.ParameterSnapshot;
import dev.bornagain.models.ensemble.EnsembleBlock;
import dev.bornagain.models.serving.ExportedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes trained parameters as an exported model directory (see {@link ExportedModel}): the members
 * are rebuilt from the description's preset, given their parameters, and saved as one {@link
 * EnsembleBlock} that returns probabilities.
 */
public final class ModelExport {

  private ModelExport() {}

  /**
   * Writes the directory.
   *
   * @param directory the new model directory
   * @param description what the directory holds; its members in the order of {@code parameters}
   * @param parameters each member's trained parameters
   * @throws IOException if reading the parameters or writing fails, or the directory already holds
   *     a model
   * @throws IllegalArgumentException if the counts differ or parameters do not fit the preset
   */
  public static void write(
      Path directory, ExportedModel description, List<ParameterSnapshot> parameters)
      throws IOException {
    checkArgument(
        parameters.size() == description.members().size(),
        "%s parameter sets for %s members",
        parameters.size(),
        description.members().size());
    try (NDManager manager = NDManager.newBaseManager()) {
      EnsembleBlock block = description.newBlock(manager, EnsembleBlock.Output.PROBABILITIES);
      for (int i = 0; i < parameters.size(); i++) {
        parameters.get(i).loadInto(block.member(i), manager);
      }
      description.write(directory, block);
    }
  }
}
