package dev.bornagain.benchmarks.step;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ban bench}: the speed and memory benchmarks. Each subcommand trains through the library's
 * own training step on synthetic data (lm-throughput: on the Penn Treebank's text) and ends with
 * one machine-readable line.
 *
 * <pre>{@code
 * java -jar ban-examples/target/ban.jar bench distill-overhead
 * java -jar ban-examples/target/ban.jar bench batch-check
 * java -jar ban-examples/target/ban.jar bench memory
 * ban-benchmarks/scripts/throughput.sh        # runs `bench throughput` beside PyTorch
 * ban-benchmarks/scripts/ptb_throughput.sh    # runs `bench lm-throughput` beside PyTorch
 * }</pre>
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Speed and memory benchmarks of the training path on synthetic data or PTB (not tests: CI"
          + " does not run them). Results and the commands go in docs/benchmarks.md."
    },
    subcommands = {
      ThroughputCommand.class,
      LanguageModelThroughputCommand.class,
      DistillOverheadCommand.class,
      BatchCheckOverheadCommand.class,
      MemoryCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BenchCommand implements Runnable {

  @Spec private CommandSpec spec;

  /** Creates the command; picocli fills its fields. */
  public BenchCommand() {}

  /**
   * Runs a benchmark without the rest of the {@code ban} command line, e.g. {@code java -cp ...
   * dev.bornagain.benchmarks.step.BenchCommand memory}.
   *
   * @param args a subcommand and its options
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }

  /** Without a subcommand there is nothing to do: say so and show the choices. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing subcommand: choose one of " + spec.subcommands().keySet());
  }
}
