package dev.bornagain.benchmarks.step;

import dev.bornagain.core.BornAgain;
import dev.bornagain.core.listen.BornAgainListenerAdapter;
import dev.bornagain.core.listen.EpochMetrics;
import dev.bornagain.core.optim.LearningRateSchedule;
import dev.bornagain.core.optim.SgdSettings;
import dev.bornagain.losses.DistillationLosses;
import dev.bornagain.models.catalogue.ModelPreset;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ban bench memory}: a whole {@link BornAgain} run of one student generation (a live frozen
 * teacher with random weights loaded as a pre-trained teacher, per-epoch validation) on synthetic
 * data, printing the process's resident memory after each epoch and, last, {@code growth <percent>}
 * from the end of epoch 2 to the end of the last epoch.
 *
 * <p>By default the run happens in a child JVM whose heap is fixed and touched up front ({@value
 * #CHILD_HEAP}, {@code -XX:+AlwaysPreTouch}): a default JVM's resident size grows page by page as
 * the Java heap is first used, which would hide what the measurement is for, native (PyTorch)
 * memory. {@code --in-process} measures the current JVM as it is.
 */
@Command(
    name = "memory",
    mixinStandardHelpOptions = true,
    description = {
      "Resident memory after each epoch of a BornAgain student generation on synthetic data.",
      "Last line: 'growth <percent from epoch 2 to the last epoch>'."
    })
final class MemoryCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private BenchOptions options;

  @Option(
      names = "--epochs",
      defaultValue = "10",
      description = "Epochs of the student generation, >= 2 (default: ${DEFAULT-VALUE}).")
  private int epochs;

  @Option(
      names = "--batches",
      defaultValue = "8",
      description = "Training batches per epoch (default: ${DEFAULT-VALUE}).")
  private int batches;

  @Option(
      names = "--validation-batches",
      defaultValue = "2",
      description = "Validation batches per epoch, 0 for none (default: ${DEFAULT-VALUE}).")
  private int validationBatches;

  @Option(
      names = "--in-process",
      description =
          "Measure this JVM as started, instead of a child JVM with a fixed, pre-touched heap.")
  private boolean inProcess;

  /** The child JVM's heap: fixed, so that its pages are resident from the start. */
  static final String CHILD_HEAP = "1g";

  @Override
  public Integer call() throws IOException, InterruptedException {
    options.requireAtLeast(epochs, 2, "--epochs");
    options.requireAtLeast(batches, 1, "--batches");
    options.requireAtLeast(validationBatches, 0, "--validation-batches");
    options.preset(); // an unknown preset fails here, before a child JVM is started
    return inProcess ? measure() : measureInChild();
  }

  /** Runs this same command with {@code --in-process} in a child JVM and relays its output. */
  private int measureInChild() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of("-Xms" + CHILD_HEAP, "-Xmx" + CHILD_HEAP, "-XX:+AlwaysPreTouch", "-cp"));
    command.add(System.getProperty("java.class.path"));
    System.getProperties().stringPropertyNames().stream()
        .filter(name -> name.startsWith("ai.djl.") || name.startsWith("org.slf4j."))
        .sorted()
        .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
    // The root command's class is the main class of the ban command line, whichever it is.
    command.add(spec.root().userObject().getClass().getName());
    command.addAll(spec.root().commandLine().getParseResult().originalArgs());
    command.add("--in-process");
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "# child JVM with a fixed, pre-touched heap: -Xms%s -Xmx%s -XX:+AlwaysPreTouch%n",
        CHILD_HEAP,
        CHILD_HEAP);
    out.flush();
    Process child =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        out.println(line);
        out.flush();
      }
    } finally {
      child.destroy();
    }
    return child.waitFor();
  }

  private int measure() throws IOException {
    ModelPreset preset = options.preset();
    int classes = options.classes();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "# memory: BornAgain student generation with a live teacher, %s; %d epochs of %d batches,"
            + " %d validation batches; max heap %d MiB%n",
        options.describe(),
        epochs,
        batches,
        validationBatches,
        Runtime.getRuntime().maxMemory() >> 20);
    out.flush();
    List<Long> rss = new ArrayList<>();
    Path teacherFile = Files.createTempFile("ban-bench-teacher", ".params");
    try (StepHarness harness =
        new StepHarness(preset, classes, options.batchSize(), options.seed())) {
      try (OutputStream raw = Files.newOutputStream(teacherFile);
          DataOutputStream data = new DataOutputStream(raw)) {
        harness.randomParameters().writeTo(data);
      }
      SyntheticImages training = harness.dataset(batches, "memory-training");
      SyntheticImages validation =
          validationBatches == 0 ? null : harness.dataset(validationBatches, "memory-validation");
      BornAgain.builder()
          .pretrainedTeacher(teacherFile, () -> preset.build(classes))
          .student(() -> preset.build(classes))
          .generations(1)
          .loss(DistillationLosses.ban())
          .epochs(epochs)
          .optimizer(SgdSettings.wideResNet())
          .learningRateSchedule(LearningRateSchedule.constant())
          .seed(options.seed())
          .quiet()
          .listener(new RssPrinter(out, rss))
          .train(training, validation);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      Files.deleteIfExists(teacherFile);
    }
    long second = rss.get(1);
    long last = rss.get(rss.size() - 1);
    out.printf(Locale.ROOT, "growth %.2f%n", 100.0 * (last - second) / second);
    out.flush();
    return 0;
  }

  /** Prints the resident memory and the Java heap after every epoch and keeps the RSS. */
  private static final class RssPrinter extends BornAgainListenerAdapter {
    private final PrintWriter out;
    private final List<Long> rss;

    RssPrinter(PrintWriter out, List<Long> rss) {
      this.out = out;
      this.rss = rss;
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
      long kib;
      try {
        kib = ResidentMemory.kibibytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      rss.add(kib);
      Runtime runtime = Runtime.getRuntime();
      out.printf(
          Locale.ROOT,
          "epoch %d rss-mib %.1f heap-used-mib %.1f heap-committed-mib %.1f seconds %.1f%n",
          metrics.epoch() + 1,
          kib / 1024.0,
          (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0,
          runtime.totalMemory() / 1048576.0,
          metrics.seconds());
      out.flush();
    }
  }
}
