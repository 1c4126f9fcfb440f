package dev.bornagain.examples.cli;

import dev.bornagain.examples.pipeline.ReportMerge;
import dev.bornagain.examples.report.ReportWriter;
import dev.bornagain.examples.report.RunReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ban report}: work on the reports of finished runs. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Works on the reports of finished runs.",
    subcommands = {ReportCommand.Merge.class})
final class ReportCommand implements Runnable {

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing subcommand: choose one of " + spec.subcommands().keySet());
  }

  /**
   * {@code ban report merge}: the seeds of one study run as shards (on several machines, or in
   * several processes) made into one report paired by seed.
   */
  @Command(
      name = "merge",
      mixinStandardHelpOptions = true,
      description = {
        "Combines the reports of runs that differ only in their seeds (e.g. --seeds 1,2 on one"
            + " machine, --seeds 3,4,5 on another) into one report paired by seed, as one process"
            + " running every seed would have written it. Runs whose settings differ in anything"
            + " else, or that share a seed, are refused."
      })
  static final class Merge implements Callable<Integer> {

    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        arity = "1..*",
        paramLabel = "RUN",
        description = "Output directories of finished runs, each with its report.json.")
    List<Path> runs;

    @Option(
        names = "--output",
        required = true,
        paramLabel = "DIR",
        description = "Where the merged report.json, report.md and plots go.")
    Path output;

    @Option(names = "--quiet", description = "Print only the results table.")
    boolean quiet;

    @Override
    public Integer call() {
      return CommandFailures.run(
          spec,
          () -> {
            RunReport merged = CommandFailures.checkInput(() -> ReportMerge.merge(runs));
            Files.createDirectories(output);
            new ReportWriter().write(merged, output);
            PrintWriter out = spec.commandLine().getOut();
            PipelineCommand.printReport(out, merged, quiet, output);
            return 0;
          });
    }
  }
}
