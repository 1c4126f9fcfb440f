package dev.bornagain.examples.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.bornagain.datasets.SharedData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One execution of the {@code ban} command line in this JVM: the exit code and what went to its
 * standard output and error streams (progress, which goes to {@code System.err}, is not captured).
 *
 * @param exitCode the exit code
 * @param out standard output
 * @param err standard error
 */
record CommandRun(int exitCode, String out, String err) {

  /** A few batches of the demo: 64 training and 64 evaluation images, one epoch, no warm-up. */
  static final List<String> DEMO_64 =
      List.of(
          "demo",
          "--train-subset",
          "64",
          "--eval-subset",
          "64",
          "--epochs",
          "1",
          "--warmup-epochs",
          "0");

  /** The demo on 128 training and 100 evaluation images, one epoch, no warm-up. */
  static final List<String> DEMO_128 =
      List.of(
          "demo",
          "--train-subset",
          "128",
          "--eval-subset",
          "100",
          "--epochs",
          "1",
          "--warmup-epochs",
          "0");

  /**
   * CIFAR-10 from shared/data's subset files (skipped with a reason where they are absent): 256
   * training and 128 evaluation images, 200 for validation, one generation of cnn-small-rgb, one
   * epoch in batches of 64, no warm-up.
   */
  static List<String> cifar10FewBatches() {
    Path train = SharedData.file("cifar-10", "data_batch_1_first4000.bin");
    Path test = SharedData.file("cifar-10", "test_batch_first1000.bin");
    return List.of(
        "cifar10",
        "--train-files",
        train.toString(),
        "--test-file",
        test.toString(),
        "--validation-size",
        "200",
        "--train-subset",
        "256",
        "--eval-subset",
        "128",
        "--model",
        "cnn-small-rgb",
        "--generations",
        "1",
        "--epochs",
        "1",
        "--warmup-epochs",
        "0",
        "--batch-size",
        "64");
  }

  /** PTB for a few batches: 1500 training words, batches of 10 sequences of 20 words. */
  static List<String> ptbFewBatches(Path data, int evalSubset) {
    return List.of(
        "ptb",
        "--data-dir",
        data.toString(),
        "--offline",
        "--train-subset",
        "1500",
        "--eval-subset",
        Integer.toString(evalSubset),
        "--batch-size",
        "10",
        "--bptt",
        "20");
  }

  /** Runs the command line exactly as {@code ban.jar}'s main method sets it up. */
  static CommandRun of(String... args) {
    return run(BanCommand.commandLine(), args);
  }

  /** Runs the common arguments followed by more. */
  static CommandRun of(List<String> common, String... more) {
    return of(with(common, more));
  }

  /** The common arguments followed by more. */
  static String[] with(List<String> common, String... more) {
    List<String> args = new ArrayList<>(common);
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** Runs {@code ban export} of one member of a run's seed, with more options after. */
  static CommandRun export(Path run, int seed, String member, Path output, String... more) {
    return of(
        List.of(
            "export",
            "--run",
            run.toString(),
            "--seed",
            Integer.toString(seed),
            "--member",
            member,
            "--output",
            output.toString()),
        more);
  }

  /** Runs {@code ban report merge} of the runs into the output directory. */
  static CommandRun merge(Path output, Path... runs) {
    List<String> args = new ArrayList<>(List.of("report", "merge"));
    for (Path run : runs) {
      args.add(run.toString());
    }
    args.addAll(List.of("--output", output.toString()));
    return of(args.toArray(String[]::new));
  }

  private static CommandRun run(picocli.CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new CommandRun(code, out.toString(), err.toString());
  }

  /** Reads the {@code report.json} a pipeline command wrote into its output directory. */
  static JsonObject report(Path output) throws IOException {
    return JsonParser.parseString(
            Files.readString(output.resolve("report.json"), StandardCharsets.UTF_8))
        .getAsJsonObject();
  }

  /** Returns the non-empty lines of standard error. */
  List<String> errorLines() {
    return err.lines().filter(line -> !line.isBlank()).toList();
  }
}
