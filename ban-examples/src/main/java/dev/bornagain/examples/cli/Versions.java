package dev.bornagain.examples.cli;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code ban --version}: this library's version and the DJL and engine versions it was built with,
 * as a bug report needs them. DJL's version is read from the DJL jar on the class path, which is
 * the one that runs.
 */
final class Versions implements IVersionProvider {

  private static final String RESOURCE = "versions.properties";

  @Override
  public String[] getVersion() {
    Properties built = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("resource " + RESOURCE + " is missing from this build");
      }
      built.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new String[] {
      "ban " + built.getProperty("ban") + " (Born-Again Networks on DJL)",
      "DJL " + Engine.getDjlVersion(),
      "PyTorch engine: libtorch "
          + built.getProperty("pytorch")
          + " through ai.djl.pytorch:pytorch-engine "
          + built.getProperty("djl"),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
