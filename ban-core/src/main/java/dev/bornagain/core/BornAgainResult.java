package dev.bornagain.core;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import dev.bornagain.core.ensemble.EnsemblePredictor;
import dev.bornagain.core.ensemble.ModelExport;
import dev.bornagain.core.train.EvaluationResult;
import dev.bornagain.core.train.FrozenModel;
import dev.bornagain.models.serving.ExportedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * What a Born-Again run produced: the teacher and each student generation with its seed, metrics
 * per epoch and parameters, and ensembles over any of them.
 *
 * <p>Ownership: a result holds no native memory. Trained generations are kept as parameters on disk
 * (in the checkpoint directory) or on the Java heap, so a teacher's native memory is freed as soon
 * as its student is trained. Each {@code ensemble...} call builds a new {@link EnsemblePredictor}
 * that the caller owns and must close.
 */
public final class BornAgainResult {

  private final ImmutableList<Generation> generations;
  private final Generation distilled;
  private final ImmutableList<Generation> independent;
  private final ImmutableList<Generation> independentDistilled;
  private final IntFunction<Block> architectures;
  private final ImmutableList<Shape> inputShapes;
  private final Device device;
  private final long baseSeed;
  private final ImmutableSortedMap<String, String> configuration;
  private final String effectiveSchedule;
  private final GenerationStop stop;
  private final EvaluationResult pretrainedTeacherValidation;

  BornAgainResult(
      List<Generation> generations,
      Generation distilled,
      List<Generation> independent,
      List<Generation> independentDistilled,
      IntFunction<Block> architectures,
      List<Shape> inputShapes,
      Device device,
      long baseSeed,
      ImmutableSortedMap<String, String> configuration,
      String effectiveSchedule,
      GenerationStop stop,
      EvaluationResult pretrainedTeacherValidation) {
    this.generations = ImmutableList.copyOf(generations);
    this.distilled = distilled;
    this.independent = ImmutableList.copyOf(independent);
    this.independentDistilled = ImmutableList.copyOf(independentDistilled);
    this.architectures = architectures;
    this.inputShapes = ImmutableList.copyOf(inputShapes);
    this.device = device;
    this.baseSeed = baseSeed;
    this.configuration = configuration;
    this.effectiveSchedule = effectiveSchedule;
    this.stop = stop;
    this.pretrainedTeacherValidation = pretrainedTeacherValidation;
  }

  /**
   * Returns where and why the generations stopped, when the run chose how many to train ({@code
   * BornAgainBuilder.generationsWhileImproving}); empty for a fixed number.
   */
  public Optional<GenerationStop> stop() {
    return Optional.ofNullable(stop);
  }

  /**
   * Returns a pretrained teacher's score on the validation set, measured once by this run: such a
   * teacher has no epochs whose metrics would hold it. Empty when the teacher was trained here (its
   * last epoch holds the value) or when the run had no validation set.
   */
  public Optional<EvaluationResult> pretrainedTeacherValidation() {
    return Optional.ofNullable(pretrainedTeacherValidation);
  }

  /** Returns the teacher followed by BAN-1..BAN-N, indexed by generation. */
  public ImmutableList<Generation> generations() {
    return generations;
  }

  /** Returns the teacher, generation 0. */
  public Generation teacher() {
    return generations.get(0);
  }

  /**
   * Returns one generation.
   *
   * @param index 0 for the teacher, k for BAN-k
   * @return the generation
   * @throws IllegalArgumentException if there is no such generation
   */
  public Generation generation(int index) {
    checkArgument(
        index >= 0 && index < generations.size(),
        "generation must be in [0, %s] but was %s",
        generations.size() - 1,
        index);
    return generations.get(index);
  }

  /** Returns the student distilled from the ensemble of BAN-1..BAN-N, if it was asked for. */
  public Optional<Generation> distilled() {
    return Optional.ofNullable(distilled);
  }

  /**
   * Returns the networks trained on the labels alone as the run's equal-compute baseline, {@code
   * Ind-2..Ind-(K+1)} for K students (the teacher is {@code Ind-1}); empty unless {@code
   * BornAgainBuilder.independentBaselines()} asked for them.
   */
  public ImmutableList<Generation> independentNetworks() {
    return independent;
  }

  /**
   * Returns the networks distilled from the independent ensembles, {@code KD(Ind*2)..KD(Ind*K)}:
   * the equal-compute rivals of BAN-2..BAN-K; empty unless the baselines were asked for.
   */
  public ImmutableList<Generation> independentDistilled() {
    return independentDistilled;
  }

  /**
   * The mean of the probabilities of the teacher and {@code Ind-2..Ind-m}: {@code Ind*m}, the
   * equal-compute rival of {@code Ens*(m-1)+T}.
   *
   * @param m the number of networks, in [2, K + 1]
   * @return a new predictor the caller owns
   * @throws IllegalArgumentException if m is out of range (or no baselines were trained)
   */
  public EnsemblePredictor independentEnsemble(int m) {
    checkArgument(
        m >= 2 && m <= independent.size() + 1,
        "an independent ensemble of %s networks needs Ind-2..Ind-%s, but this run trained %s"
            + " (independentBaselines() trains one per student)",
        m,
        m,
        independent.isEmpty() ? "none" : "Ind-2..Ind-" + (independent.size() + 1));
    List<Generation> members = new ArrayList<>(List.of(teacher()));
    members.addAll(independent.subList(0, m - 1));
    return load(members, KeptEpoch.LAST);
  }

  /** Returns the base seed every generation's seed derives from. */
  public long baseSeed() {
    return baseSeed;
  }

  /** Returns the shapes of one input batch, as used for initialisation. */
  public ImmutableList<Shape> inputShapes() {
    return inputShapes;
  }

  /**
   * Returns what the learning-rate schedule did to every generation of this run, in words: e.g.
   * {@code lr 0.1, x0.2 at epochs 3, 6, 8 of 10 (0.0200, 0.00400, 0.000800)}.
   */
  public String effectiveSchedule() {
    return effectiveSchedule;
  }

  /** Returns the run's configuration as named fields (the checkpoint fingerprint). */
  public ImmutableSortedMap<String, String> configuration() {
    return configuration;
  }

  /**
   * The paper's Ens*k: the mean of BAN-1..BAN-k's probabilities, teacher excluded.
   *
   * @param k the number of students, in [1, N]
   * @return a new predictor the caller owns
   * @throws IllegalArgumentException if k is out of range
   */
  public EnsemblePredictor ensemble(int k) {
    return ensembleOfGenerations(1, k);
  }

  /**
   * The teacher and BAN-1..BAN-k, averaged.
   *
   * @param k the number of students, in [0, N]
   * @return a new predictor the caller owns
   * @throws IllegalArgumentException if k is out of range
   */
  public EnsemblePredictor ensembleWithTeacher(int k) {
    return ensembleOfGenerations(0, k);
  }

  /** Generations {@code first..k}, averaged; k in [first, N]. */
  private EnsemblePredictor ensembleOfGenerations(int first, int k) {
    checkArgument(
        k >= first && k < generations.size(),
        "ensemble size must be in [%s, %s] but was %s",
        first,
        generations.size() - 1,
        k);
    return ensembleOf(IntStream.rangeClosed(first, k).toArray());
  }

  /**
   * An ensemble of chosen generations, by name ("teacher", "BAN-2", or the distilled student), each
   * with its last epoch's parameters.
   *
   * @param names the members' names
   * @return a new predictor the caller owns
   * @throws IllegalArgumentException if a name is unknown or the list is empty
   */
  public EnsemblePredictor ensemble(List<String> names) {
    return ensemble(names, KeptEpoch.LAST);
  }

  /**
   * An ensemble of chosen generations, by name, with the parameters of their last or of their best
   * validation epoch.
   *
   * @param names the members' names ("teacher", "BAN-k", {@value Generation#DISTILLED_NAME})
   * @param kept which epoch's parameters
   * @return a new predictor the caller owns
   * @throws IllegalArgumentException if a name is unknown, the list is empty, or the best
   *     validation epoch's parameters were not kept
   */
  public EnsemblePredictor ensemble(List<String> names, KeptEpoch kept) {
    return load(byName(names), kept);
  }

  /**
   * An ensemble of chosen generations, by index (0 is the teacher, N + 1 the distilled student,
   * where N is the maximum when the run chose its number of generations); a single index gives that
   * generation alone as a predictor.
   *
   * @param indices the members' generation indices
   * @return a new predictor the caller owns
   * @throws IllegalArgumentException if an index is out of range or none is given
   */
  public EnsemblePredictor ensembleOf(int... indices) {
    checkArgument(indices.length > 0, "an ensemble needs at least one member");
    List<Generation> chosen = new ArrayList<>();
    for (int index : indices) {
      chosen.add(
          all().stream()
              .filter(g -> g.index() == index)
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no generation "
                              + index
                              + "; known: "
                              + all().stream().map(g -> g.index() + " " + g.name()).toList())));
    }
    return load(chosen, KeptEpoch.LAST);
  }

  /**
   * Exports chosen generations as one self-describing model directory that DJL's {@code Criteria}
   * and DJL Serving load without this library: the parameters in DJL's {@code Model.save} format
   * (an {@code EnsembleBlock} of the members, returning the mean of their probabilities), a {@code
   * serving.properties} naming the block factory of ban-models (and, for images, the arguments of
   * DJL's own image translator, so that a {@code Criteria} with no translator named predicts
   * correctly), and the class names. One member exports that network alone.
   *
   * @param directory the new model directory
   * @param options the members, which epoch, the catalogue preset they were built from, class names
   *     and the input normalisation
   * @return the description written, with which epoch each member is
   * @throws IOException if writing fails or the directory already holds a model
   * @throws IllegalArgumentException if a member is unknown, its kept epoch was not kept, or the
   *     preset's block does not take the parameters
   */
  public ExportedModel export(Path directory, ExportOptions options) throws IOException {
    List<Generation> chosen = byName(options.members());
    ExportedModel description =
        new ExportedModel(
            options.preset(),
            options.classes(),
            inputShapes.get(0).slice(1),
            chosen.stream().map(Generation::name).collect(ImmutableList.toImmutableList()),
            chosen.stream()
                .map(g -> g.describeEpoch(options.kept()))
                .collect(ImmutableList.toImmutableList()),
            options.classNames(),
            options.mean(),
            options.std());
    ModelExport.write(
        directory, description, chosen.stream().map(g -> g.parametersOf(options.kept())).toList());
    return description;
  }

  private List<Generation> byName(List<String> names) {
    checkArgument(!names.isEmpty(), "an ensemble needs at least one member");
    List<Generation> chosen = new ArrayList<>();
    for (String name : names) {
      chosen.add(
          all().stream()
              .filter(g -> g.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no generation named '"
                              + name
                              + "'; known: "
                              + all().stream().map(Generation::name).toList())));
    }
    return chosen;
  }

  private List<Generation> all() {
    List<Generation> all = new ArrayList<>(generations);
    if (distilled != null) {
      all.add(distilled);
    }
    all.addAll(independent);
    all.addAll(independentDistilled);
    return all;
  }

  private EnsemblePredictor load(List<Generation> chosen, KeptEpoch kept) {
    List<FrozenModel> members = new ArrayList<>();
    try {
      for (Generation generation : chosen) {
        members.add(
            FrozenModel.load(
                generation.name(),
                architectures.apply(generation.index()),
                inputShapes,
                generation.parametersOf(kept),
                device));
      }
    } catch (IOException e) {
      members.forEach(FrozenModel::close);
      throw new UncheckedIOException("cannot load a generation's parameters: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      members.forEach(FrozenModel::close);
      throw e;
    }
    return EnsemblePredictor.of(members, inputShapes, device);
  }
}
