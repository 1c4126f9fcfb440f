package dev.bornagain.examples.cli;

import com.google.common.collect.ImmutableMap;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Default values of a pipeline command's options, by long option name: the shared ones below,
 * overridden by the command's recipe. Picocli shows them in {@code --help} as {@code
 * ${DEFAULT-VALUE}}.
 */
abstract class PipelineDefaults implements IDefaultValueProvider {

  private static final ImmutableMap<String, String> SHARED =
      ImmutableMap.<String, String>builder()
          .put("--loss", "ban")
          .put("--label-weight", "0.5")
          .put("--temperature", "4")
          .put("--generations", "3")
          .put("--seeds", "1")
          .put("--train-subset", "0")
          .put("--eval-subset", "0")
          .put("--schedule", "wrn")
          .put("--warmup-epochs", "0")
          .put("--label-noise", "0")
          .put("--keep", "last")
          .put("--baseline", "none")
          .put("--lr", "0.1")
          .put("--batch-size", "128")
          .put("--epochs", "200")
          .put("--max-grad-norm", "0")
          .build();

  private final ImmutableMap<String, String> values;

  /**
   * Creates the defaults of one command.
   *
   * @param recipe the command's own defaults, overriding the shared ones
   */
  PipelineDefaults(Map<String, String> recipe) {
    Map<String, String> all = new HashMap<>(SHARED);
    all.putAll(recipe);
    this.values = ImmutableMap.copyOf(all);
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (argument instanceof OptionSpec option) {
      return values.get(option.longestName());
    }
    return null;
  }
}
