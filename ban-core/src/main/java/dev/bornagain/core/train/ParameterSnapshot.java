package dev.bornagain.core.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.bornagain.core.checkpoint.DamagedFileException;
import dev.bornagain.core.checkpoint.FileDigest;
import dev.bornagain.core.checkpoint.FileFailures;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained block's parameters (batch-norm statistics included) held off the native heap: either a
 * file (a checkpoint directory's final parameters, or a pre-trained teacher) or bytes on the Java
 * heap. A finished generation is kept this way, so its native memory is freed at once and a teacher
 * or ensemble member is rebuilt only while it is needed.
 */
public final class ParameterSnapshot {

  private final Path file;
  private final byte[] bytes;

  private ParameterSnapshot(Path file, byte[] bytes) {
    this.file = file;
    this.bytes = bytes;
  }

  /**
   * Refers to a parameters file written by {@code Block.saveParameters} (by this library, with its
   * digest beside it, or elsewhere) or by DJL's {@code Model.save}.
   *
   * @param file the file
   * @return the snapshot
   * @throws IllegalArgumentException if the file does not exist
   */
  public static ParameterSnapshot ofFile(Path file) {
    checkNotNull(file, "file");
    checkArgument(Files.isRegularFile(file), "parameters file %s does not exist", file);
    return new ParameterSnapshot(file, null);
  }

  /**
   * Copies a block's current parameters into heap memory.
   *
   * @param block an initialised block
   * @return the snapshot
   */
  public static ParameterSnapshot copyOf(Block block) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      block.saveParameters(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise parameters in memory", e);
    }
    return new ParameterSnapshot(null, buffer.toByteArray());
  }

  /** Returns the file this snapshot reads, or null if it is held in memory. */
  public Path file() {
    return file;
  }

  /**
   * Loads the parameters into a block initialised with the same architecture, after checking a file
   * against its recorded digest (if the library wrote it), and checks that every parameter loaded
   * has the shape the block gave it: DJL's loader does not. A file may be a {@code
   * Block.saveParameters} stream or a DJL {@code Model.save} file. After a failure the block holds
   * a mix of parameters and must be discarded.
   *
   * @param block the initialised block
   * @param manager the manager that will own the loaded arrays
   * @throws DamagedFileException if the file differs from its recorded digest
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if the parameters do not fit the block: a parameter of another
   *     shape (named, with both shapes), another layout of blocks, more data than the block holds,
   *     or a file in neither format
   */
  public void loadInto(Block block, NDManager manager) throws IOException {
    checkNotNull(block, "block");
    if (file != null) {
      FileDigest.verifyIfRecorded(file);
    }
    ParameterShapes expected = ParameterShapes.of(block);
    ParameterFileFormat format;
    long extra;
    try (InputStream raw = open();
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        DataInputStream in = new DataInputStream(buffered)) {
      format = ParameterFileFormat.skipHeader(buffered, describe());
      try {
        block.loadParameters(manager, in);
      } catch (MalformedModelException | IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            "parameters "
                + describe()
                + " do not fit the block or are not "
                + ParameterFileFormat.EXPECTED
                + ": "
                + e,
            e);
      }
      extra = in.transferTo(OutputStream.nullOutputStream());
    }
    // A differing shape names the parameter, so it is reported before leftover bytes.
    expected.checkLoaded(ParameterShapes.of(block), describe());
    checkArgument(
        extra == 0,
        "parameters %s (%s) hold %s bytes more than the block's parameters: they were saved from"
            + " a larger architecture",
        describe(),
        format,
        extra);
  }

  /**
   * Writes the parameters to a stream, in {@code Block.saveParameters} format.
   *
   * @param out the stream
   * @throws IOException if reading or writing fails
   */
  public void writeTo(DataOutputStream out) throws IOException {
    try (InputStream in = open()) {
      in.transferTo(out);
    }
  }

  private InputStream open() throws IOException {
    if (file == null) {
      return new ByteArrayInputStream(bytes);
    }
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw FileFailures.named("open the parameters file", file, e);
    }
  }

  private String describe() {
    return file != null ? "file " + file : "in memory";
  }

  @Override
  public String toString() {
    return "ParameterSnapshot(" + describe() + ")";
  }
}
