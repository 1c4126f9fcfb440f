package dev.bornagain.examples.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /** Runs the command line exactly as {@code ban.jar}'s main method sets it up. */
  static CommandRun of(String... args) {
    return run(BanCommand.commandLine(), args);
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
