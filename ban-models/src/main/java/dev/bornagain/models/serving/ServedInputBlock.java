package dev.bornagain.models.serving;

import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The input side of an exported network: a block that checks and prepares what a served model is
 * given, then runs the network. It has no parameters of its own and writes none: {@code
 * saveParameters} and {@code loadParameters} are the network's, so the parameter file is that of
 * the network alone and the same file serves with or without it.
 */
public abstract class ServedInputBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  /** The wrapped network. */
  protected final Block network;

  ServedInputBlock(Block network) {
    super(VERSION);
    this.network = checkNotNull(network, "network");
    addChildBlock("network", network);
  }

  /** Returns the wrapped network. */
  public Block network() {
    return network;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return network.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    network.initialize(manager, dataType, inputShapes);
  }

  /** Writes the network's parameters only: this block has none, and adds no header. */
  @Override
  public void saveParameters(DataOutputStream os) throws IOException {
    network.saveParameters(os);
  }

  /** Reads the network's parameters, as {@link #saveParameters} wrote them. */
  @Override
  public void loadParameters(NDManager manager, DataInputStream is)
      throws IOException, MalformedModelException {
    network.loadParameters(manager, is);
  }
}
