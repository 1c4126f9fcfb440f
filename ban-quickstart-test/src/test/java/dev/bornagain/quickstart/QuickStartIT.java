package dev.bornagain.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's first hour, automated: an empty Maven project gets exactly the README's dependency
 * fragment, resolves it offline against the local repository (where this build installed ban), and
 * compiles and runs exactly the README's quick start. The ban jars it resolves must be byte for
 * byte this build's (in each module's {@code target}), so jars an earlier install left cannot pass
 * for them.
 */
final class QuickStartIT {

  @TempDir static Path directory;

  private static UserProject project;

  @BeforeAll
  static void writeTheUsersProject() throws IOException {
    project = UserProject.write(directory, "pom", "java", "QuickStart");
  }

  @Test
  void readmeFragment_hasNoTerminalLibrariesAtCompileScope() throws Exception {
    Path tree = directory.resolve("tree.txt");
    project.maven(UserProject.DEPENDENCY_PLUGIN + ":tree", "-DoutputFile=" + tree);
    String text = Files.readString(tree, StandardCharsets.UTF_8);
    assertThat(text).contains("dev.bornagain:ban-core:jar:" + System.getProperty("ban.version"));
    assertThat(text.lines().filter(l -> l.contains(":compile")))
        .noneMatch(l -> l.contains("progressbar"))
        .noneMatch(l -> l.contains("jline"));
    assertThat(text).contains("ai.djl.pytorch:pytorch-native-cpu:jar:linux-x86_64:2.7.1:runtime");
  }

  @Test
  void readmeQuickStart_compilesAgainstTheFragment_andRunsOffline() throws Exception {
    String compileClasspath = project.classpath("compile");
    // The fragment resolves to this build's jars, not to copies an earlier install left.
    project.assertOursAreThisBuildsJars(compileClasspath);
    project.compile("QuickStart", compileClasspath);

    UserProject.Output run = project.run("QuickStart");
    assertThat(run.out())
        .contains("schedule: lr 0.1, cosine per step to 0.0 over 3 epochs")
        .containsPattern("Ens\\*2 validation error: \\d+\\.\\d\\d%");
    // A binding is there (no SLF4J warning), the epochs are logged, and nothing was downloaded.
    assertThat(run.err())
        .doesNotContain("SLF4J(W)")
        .contains("BAN-2 epoch 3/3: training loss")
        .doesNotContain("\u001b");
    assertThat(directory.resolve("runs/quickstart/generation-2/final.parameters")).isRegularFile();
  }

  @Test
  void install_leavesThisBuildsJarsWithJavadocAndSourcesBesideEveryLibraryJar() throws IOException {
    Path repository = Path.of(System.getProperty("local.repository"));
    String version = System.getProperty("ban.version");
    for (String module : List.of("ban-losses", "ban-models", "ban-core", "ban-datasets")) {
      Path folder = repository.resolve("dev/bornagain").resolve(module).resolve(version);
      for (String suffix : List.of(".jar", "-javadoc.jar", "-sources.jar")) {
        String name = module + "-" + version + suffix;
        assertThat(folder.resolve(name)).isRegularFile();
        // This build's jar, not one an earlier install left (the quick start resolves these).
        assertThat(folder.resolve(name))
            .as("%s in the local repository is the one this build made", name)
            .hasSameBinaryContentAs(
                UserProject.ROOT.resolve(module).resolve("target").resolve(name));
      }
    }
    assertThat(
            repository.resolve("dev/bornagain/ban-bom/" + version + "/ban-bom-" + version + ".pom"))
        .isRegularFile();
  }
}
