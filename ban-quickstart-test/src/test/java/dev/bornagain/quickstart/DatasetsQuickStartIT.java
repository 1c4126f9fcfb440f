package dev.bornagain.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user who wants the paper's data and nothing else: the README's {@code ban-datasets} fragment
 * (the BOM, ban-datasets and the engine at runtime) and its program reading Fashion-MNIST's files,
 * compiled and run offline on the real files of {@code ../shared/data}.
 */
final class DatasetsQuickStartIT {

  @TempDir Path directory;

  @Test
  void readmeDatasetsFragment_readsFashionMnistFiles_withNoTrainingLibraryOrCommandLine()
      throws Exception {
    UserProject project =
        UserProject.write(directory, "datasets-pom", "datasets-java", "ReadFashionMnist");
    Path tree = directory.resolve("tree.txt");
    project.maven(UserProject.DEPENDENCY_PLUGIN + ":tree", "-DoutputFile=" + tree);
    String text = Files.readString(tree, StandardCharsets.UTF_8);
    assertThat(text)
        .contains("dev.bornagain:ban-datasets:jar:" + System.getProperty("ban.version"));
    // Nothing of the training library or the command line comes with it.
    assertThat(text)
        .doesNotContain("ban-core", "ban-losses", "ban-examples")
        .doesNotContain("picocli", "xchart", "pdfbox", "progressbar", "jline");

    String compileClasspath = project.classpath("compile");
    project.assertOursAreThisBuildsJars(compileClasspath);
    project.compile("ReadFashionMnist", compileClasspath);
    Path files = UserProject.ROOT.resolve("../shared/data/fashion-mnist").normalize();
    assertThat(files.resolve("train-images-idx3-ubyte.gz")).isRegularFile();

    UserProject.Output run = project.run("ReadFashionMnist", files.toString());
    assertThat(run.out())
        .contains("55000 training images, normalised by")
        .contains("first batch: images (128, 1, 28, 28), labels (128)");
  }
}
