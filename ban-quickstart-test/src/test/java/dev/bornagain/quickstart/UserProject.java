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
import javax.tools.ToolProvider;

/**
 * A new user's Maven project: a pom around one of the README's dependency fragments, one class of
 * the README, resolved offline against the local repository where this build installed ban.
 */
final class UserProject {

  static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";

  static final Path ROOT = Path.of(System.getProperty("ban.root")).normalize();

  private final Path directory;

  private UserProject(Path directory) {
    this.directory = directory;
  }

  /**
   * Writes the project: a pom holding the README block {@code pomBlock} and the class of the README
   * block {@code javaBlock}.
   */
  static UserProject write(Path directory, String pomBlock, String javaBlock, String className)
      throws IOException {
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
            .formatted(readme.block(pomBlock));
    Files.writeString(directory.resolve("pom.xml"), pom, StandardCharsets.UTF_8);
    Path source = directory.resolve("src/main/java/" + className + ".java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, readme.block(javaBlock), StandardCharsets.UTF_8);
    return new UserProject(directory);
  }

  Path directory() {
    return directory;
  }

  /** The project's class path for a scope, as Maven resolves it offline. */
  String classpath(String scope) throws Exception {
    Path file = directory.resolve("classpath-" + scope + ".txt");
    maven(
        DEPENDENCY_PLUGIN + ":build-classpath",
        "-Dmdep.outputFile=" + file,
        "-Dmdep.includeScope=" + scope);
    return Files.readString(file, StandardCharsets.UTF_8).trim();
  }

  /** Fails unless every ban jar on the class path is the one this build made. */
  void assertOursAreThisBuildsJars(String classpath) {
    List<String> ours =
        Arrays.stream(classpath.split(File.pathSeparator))
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
          .as("%s on the user's classpath is the one this build made", jar)
          .hasSameBinaryContentAs(
              ROOT.resolve(module).resolve("target").resolve(jar.getFileName()));
    }
  }

  /** Compiles the class with warnings as errors; returns the classes folder. */
  Path compile(String className, String compileClasspath) throws IOException {
    Path classes = directory.resolve("target/classes");
    Files.createDirectories(classes);
    int compiled =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-Xlint:all",
                "-Werror",
                "-cp",
                compileClasspath,
                "-d",
                classes.toString(),
                directory.resolve("src/main/java/" + className + ".java").toString());
    assertThat(compiled).as("javac exit code").isZero();
    return classes;
  }

  /**
   * Runs the class offline in a fresh JVM on the project's runtime class path.
   *
   * @return its standard output and standard error; it exited with 0 within 5 minutes
   */
  Output run(String className, String... args) throws Exception {
    String runtime =
        directory.resolve("target/classes") + File.pathSeparator + classpath("runtime");
    Path err = directory.resolve("stderr.txt");
    Path out = directory.resolve("stdout.txt");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-cp",
                runtime,
                className));
    command.addAll(List.of(args));
    Process run =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectError(err.toFile())
            .redirectOutput(out.toFile())
            .start();
    assertThat(run.waitFor(5, TimeUnit.MINUTES)).as("%s finished in 5 minutes", className).isTrue();
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(run.exitValue()).as(stderr).isZero();
    return new Output(Files.readString(out, StandardCharsets.UTF_8), stderr);
  }

  /** Runs the nested Maven offline on the project; fails with its output if it fails. */
  void maven(String... goals) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("maven.home"), "bin", "mvn").toString());
    command.addAll(List.of("-o", "-B", "-q", "-f", directory.resolve("pom.xml").toString()));
    command.add("-Dmaven.repo.local=" + System.getProperty("local.repository"));
    command.addAll(List.of(goals));
    Path log = Files.createTempFile(directory, "maven", ".log");
    Process maven =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(maven.waitFor(5, TimeUnit.MINUTES)).as("nested Maven finished").isTrue();
    assertThat(maven.exitValue())
        .as("%s%n%s", command, Files.readString(log, StandardCharsets.UTF_8))
        .isZero();
  }

  /** What a run printed. */
  record Output(String out, String err) {}
}
