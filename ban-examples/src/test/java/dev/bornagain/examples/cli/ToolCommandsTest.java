package dev.bornagain.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What makes {@code ban} behave like an installed tool: versions, exit codes, completion. */
final class ToolCommandsTest {

  @Test
  void version_namesThisLibraryDjlAndTheEngine() {
    CommandRun run = CommandRun.of("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("ban 0.1.0-SNAPSHOT")
        .contains("DJL 0.36.0")
        .contains("libtorch 2.7.1 through ai.djl.pytorch:pytorch-engine 0.36.0")
        .contains("Java 17");
  }

  @Test
  void help_ofEveryCommand_documentsTheExitCodes() {
    for (String[] args :
        new String[][] {{"--help"}, {"demo", "--help"}, {"cifar10", "--help"}, {"ptb", "--help"}}) {
      CommandRun run = CommandRun.of(args);
      assertThat(run.exitCode()).isZero();
      assertThat(run.out())
          .as(String.join(" ", args))
          .contains("Exit codes:")
          .containsPattern("0\\s+done")
          .containsPattern("1\\s+the run failed")
          .containsPattern("2\\s+bad usage");
    }
  }

  @Test
  void generateCompletion_printsABashCompletionScriptForEveryCommand() {
    CommandRun run = CommandRun.of("generate-completion");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("complete -F _complete_ban")
        .contains("fashion-mnist")
        .contains("--label-noise")
        .contains("--warmup-epochs");
  }

  @Test
  void badUsage_exitsWith2_andAFailedRunWith1() {
    assertThat(CommandRun.of("demo", "--epochs", "zero").exitCode()).isEqualTo(2);
    assertThat(CommandRun.of("no-such-command").exitCode()).isEqualTo(2);
  }
}
