package dev.bornagain.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
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

  private static final String DEPENDENCY_PLUGIN =
      "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";

  @TempDir static Path project;

  private static final Path ROOT = Path.of(System.getProperty("ban.root")).normalize();

  @BeforeAll
  static void writeTheUsersProject() throws IOException {
    ReadmeBlocks readme = new ReadmeBlocks(ROOT.resolve("README.md"));
    String pom =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>example</groupId>
          <artifactId>first-hour</artifactId>
          <version>1.0</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
          </properties>
        %s
        </project>
        """
            .formatted(readme.block("pom"));
    Files.writeString(project.resolve("pom.xml"), pom, StandardCharsets.UTF_8);
    Path source = project.resolve("src/main/java/QuickStart.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, readme.block("java"), StandardCharsets.UTF_8);
  }

  @Test
  void readmeFragment_hasNoTerminalLibrariesAtCompileScope() throws Exception {
    Path tree = project.resolve("tree.txt");
    maven(DEPENDENCY_PLUGIN + ":tree", "-DoutputFile=" + tree);
    String text = Files.readString(tree, StandardCharsets.UTF_8);
    assertThat(text).contains("dev.bornagain:ban-core:jar:" + System.getProperty("ban.version"));
    assertThat(text.lines().filter(l -> l.contains(":compile")))
        .noneMatch(l -> l.contains("progressbar"))
        .noneMatch(l -> l.contains("jline"));
    assertThat(text).contains("ai.djl.pytorch:pytorch-native-cpu:jar:linux-x86_64:2.7.1:runtime");
  }

  @Test
  void readmeQuickStart_compilesAgainstTheFragment_andRunsOffline() throws Exception {
    String compileClasspath = classpath("compile");
    // The fragment resolves to this build's jars, not to copies an earlier install left.
    List<String> ours =
        Arrays.stream(compileClasspath.split(File.pathSeparator))
            .filter(entry -> entry.contains("dev" + File.separator + "bornagain"))
            .toList();
    assertThat(ours).isNotEmpty();
    for (String entry : ours) {
      Path jar = Path.of(entry);
      String module =
          jar.getFileName()
              .toString()
              .replace("-" + System.getProperty("ban.version") + ".jar", "");
      assertThat(jar)
          .as("%s on the quick start's classpath is the one this build made", jar)
          .hasSameBinaryContentAs(
              ROOT.resolve(module).resolve("target").resolve(jar.getFileName()));
    }
    Path classes = project.resolve("target/classes");
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int compiled =
        javac.run(
            null,
            null,
            null,
            "-Xlint:all",
            "-Werror",
            "-cp",
            compileClasspath,
            "-d",
            classes.toString(),
            project.resolve("src/main/java/QuickStart.java").toString());
    assertThat(compiled).as("javac exit code").isZero();

    String runtime = classes + File.pathSeparator + classpath("runtime");
    Path err = project.resolve("stderr.txt");
    Path out = project.resolve("stdout.txt");
    Process run =
        new ProcessBuilder(java(), "-Dai.djl.offline=true", "-cp", runtime, "QuickStart")
            .directory(project.toFile())
            .redirectError(err.toFile())
            .redirectOutput(out.toFile())
            .start();
    assertThat(run.waitFor(5, TimeUnit.MINUTES)).as("quick start finished in 5 minutes").isTrue();
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(run.exitValue()).as(stderr).isZero();
    assertThat(Files.readString(out, StandardCharsets.UTF_8))
        .contains("schedule: lr 0.1, cosine per step to 0.0 over 3 epochs")
        .containsPattern("Ens\\*2 validation error: \\d+\\.\\d\\d%");
    // A binding is there (no SLF4J warning), the epochs are logged, and nothing was downloaded.
    assertThat(stderr)
        .doesNotContain("SLF4J(W)")
        .contains("BAN-2 epoch 3/3: training loss")
        .doesNotContain("\u001b");
    assertThat(project.resolve("runs/quickstart/generation-2/final.parameters")).isRegularFile();
  }

  @Test
  void install_leavesThisBuildsJarsWithJavadocAndSourcesBesideEveryLibraryJar() throws IOException {
    Path repository = Path.of(System.getProperty("local.repository"));
    String version = System.getProperty("ban.version");
    for (String module : List.of("ban-losses", "ban-models", "ban-core")) {
      Path folder = repository.resolve("dev/bornagain").resolve(module).resolve(version);
      for (String suffix : List.of(".jar", "-javadoc.jar", "-sources.jar")) {
        String name = module + "-" + version + suffix;
        assertThat(folder.resolve(name)).isRegularFile();
        // This build's jar, not one an earlier install left (the quick start resolves these).
        assertThat(folder.resolve(name))
            .as("%s in the local repository is the one this build made", name)
            .hasSameBinaryContentAs(ROOT.resolve(module).resolve("target").resolve(name));
      }
    }
    assertThat(
            repository.resolve("dev/bornagain/ban-bom/" + version + "/ban-bom-" + version + ".pom"))
        .isRegularFile();
  }

  private static String classpath(String scope) throws Exception {
    Path file = project.resolve("classpath-" + scope + ".txt");
    maven(
        DEPENDENCY_PLUGIN + ":build-classpath",
        "-Dmdep.outputFile=" + file,
        "-Dmdep.includeScope=" + scope);
    return Files.readString(file, StandardCharsets.UTF_8).trim();
  }

  /** Runs the nested Maven offline on the user's project; fails with its output if it fails. */
  private static void maven(String... goals) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("maven.home"), "bin", "mvn").toString());
    command.addAll(List.of("-o", "-B", "-q", "-f", project.resolve("pom.xml").toString()));
    command.add("-Dmaven.repo.local=" + System.getProperty("local.repository"));
    command.addAll(List.of(goals));
    Path log = Files.createTempFile(project, "maven", ".log");
    Process maven =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(maven.waitFor(5, TimeUnit.MINUTES)).as("nested Maven finished").isTrue();
    assertThat(maven.exitValue())
        .as("%s%n%s", command, Files.readString(log, StandardCharsets.UTF_8))
        .isZero();
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
