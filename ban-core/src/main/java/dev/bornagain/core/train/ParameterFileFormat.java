package dev.bornagain.core.train;

import ai.djl.ndarray.types.Shape;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The two layouts of a file of block parameters this library reads: the raw stream of DJL's {@code
 * Block.saveParameters} (what the library writes), and the file of DJL's {@code Model.save}, {@code
 * <name>-NNNN.params}, which puts a header before that same stream: {@code "DJL@"}, a version (1),
 * the model name, the data type, the input names and shapes, and the model's properties (see DJL's
 * {@code BaseModel.save}).
 */
enum ParameterFileFormat {
  /** The stream of {@code Block.saveParameters}. */
  BLOCK_PARAMETERS("a Block.saveParameters stream"),
  /** A {@code Model.save} file: its header, then the block's parameters. */
  DJL_MODEL("a DJL Model.save file");

  /** What either layout is called in messages, for a file that is neither. */
  static final String EXPECTED =
      "a file written by DJL's Block.saveParameters or Model.save (<name>-NNNN.params, starting"
          + " with DJL@)";

  private static final byte[] MODEL_MAGIC = "DJL@".getBytes(StandardCharsets.US_ASCII);
  private static final int MODEL_VERSION = 1;

  private final String description;

  ParameterFileFormat(String description) {
    this.description = description;
  }

  /**
   * Recognises the layout from the first bytes and leaves the stream at the block's parameters.
   *
   * @param in the stream, at its start; must support mark and reset
   * @param source the file's name, for messages
   * @return the layout found
   * @throws IOException if the stream cannot be read, or holds a Model.save header of another
   *     version
   */
  static ParameterFileFormat skipHeader(BufferedInputStream in, String source) throws IOException {
    in.mark(MODEL_MAGIC.length);
    byte[] start = in.readNBytes(MODEL_MAGIC.length);
    if (!Arrays.equals(start, MODEL_MAGIC)) {
      in.reset();
      return BLOCK_PARAMETERS;
    }
    // Not closed: closing it would close the caller's stream.
    DataInputStream header = new DataInputStream(in);
    int version = header.readInt();
    if (version != MODEL_VERSION) {
      throw new IOException(
          source
              + " is a DJL Model.save file of version "
              + version
              + "; only version "
              + MODEL_VERSION
              + " (what DJL 0.35 and 0.36 write) is read");
    }
    header.readUTF(); // model name
    header.readUTF(); // data type
    int inputs = header.readInt();
    for (int i = 0; i < inputs; i++) {
      header.readUTF();
      Shape.decode(header);
    }
    int properties = header.readInt();
    for (int i = 0; i < 2 * properties; i++) {
      header.readUTF();
    }
    return DJL_MODEL;
  }

  @Override
  public String toString() {
    return description;
  }
}
