package dev.bornagain.examples.cli;

import dev.bornagain.benchmarks.step.BenchCommand;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code ban} command. Each task is a subcommand listed in the annotation below.
 *
 * <pre>{@code
 * java -jar ban-examples/target/ban.jar models --classes 100
 * source <(java -jar ban-examples/target/ban.jar generate-completion)   # bash/zsh completion
 * }</pre>
 */
@Command(
    name = "ban",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    description = "Born-Again Neural Networks (Furlanello et al., ICML 2018) on DJL.",
    // Every subcommand shows the exit codes too.
    scope = ScopeType.INHERIT,
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:done",
      "1:the run failed: a missing or bad file, or an error in training (the message says which);"
          + " a killed run continues with --resume",
      "2:bad usage: an unknown option or a value out of range; nothing was run"
    },
    subcommands = {
      ModelsCommand.class,
      DemoCommand.class,
      Cifar10Command.class,
      Cifar100Command.class,
      FashionMnistCommand.class,
      PtbCommand.class,
      ExportCommand.class,
      ReportCommand.class,
      PredictCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class,
      AutoComplete.GenerateCompletion.class
    })
public final class BanCommand implements Runnable {

  @Spec private CommandSpec spec;

  /** Without a subcommand there is nothing to do: say so and show the usage. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing subcommand: choose one of " + spec.subcommands().keySet());
  }

  /**
   * Runs the command line and exits with picocli's exit code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    // Before anything prints: errors then start on a fresh line after a partial one.
    LineTracker.install();
    System.exit(commandLine().execute(args));
  }

  /** Returns the command line with its error handling: one line per bad input, no usage dump. */
  static CommandLine commandLine() {
    return new CommandLine(new BanCommand())
        .setParameterExceptionHandler(CommandFailures::oneLineUsageError);
  }
}
