package dev.bornagain.core.checkpoint;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run per directory: an operating-system lock on {@code run.lock} in the directory, held while
 * the run lives, with the holder's process id, host and start time in the file for the message a
 * second run gets. The lock, not the file, decides: a lock file left by a killed process (nobody
 * holds its OS lock) is taken over with a logged notice; the operating system releases a killed
 * process's lock. Closing empties the file and releases the lock (the file stays: deleting it would
 * let a process that opened it before the deletion lock a file nobody else sees).
 */
public final class RunLock implements AutoCloseable {

  /** The lock file's name inside the locked directory. */
  public static final String FILE_NAME = "run.lock";

  private static final Logger logger = LoggerFactory.getLogger(RunLock.class);

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of a directory, creating the directory if needed; before anything else is
   * written there.
   *
   * @param directory the directory
   * @param what what the directory is, for messages, e.g. "checkpoint directory"
   * @return the lock; close it when the run ends
   * @throws IllegalStateException if another run (in this or another process) holds the lock; the
   *     message names the directory and the holder's process id, host and start time
   * @throws IOException if the directory or the lock file cannot be created or written (the message
   *     names the path and the operation)
   */
  public static RunLock acquire(Path directory, String what) throws IOException {
    checkNotNull(directory, "directory");
    try {
      Files.createDirectories(directory);
    } catch (FileSystemException e) {
      throw new IOException(
          "cannot create the " + what + " " + directory + ": " + FileFailures.reason(e), e);
    }
    Path file = directory.resolve(FILE_NAME);
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (FileSystemException e) {
      throw new IOException(
          "cannot create the lock file " + file + ": " + FileFailures.reason(e), e);
    }
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this JVM
      }
      if (lock == null) {
        String holder = read(channel);
        throw new IllegalStateException(
            "the "
                + what
                + " "
                + directory
                + " is in use by another run ("
                + (holder.isBlank() ? "holder unknown" : holder)
                + "; lock file "
                + file
                + "): wait for it to finish, stop it, or pick another directory");
      }
      String left = read(channel);
      if (!left.isBlank()) {
        logger.info(
            "Taking over {}: the run that held it ({}) is gone (killed, or its machine"
                + " restarted)",
            file,
            left);
      }
      String content =
          "process "
              + ProcessHandle.current().pid()
              + " on host "
              + host()
              + ", started "
              + Instant.now();
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new RunLock(file, channel, lock);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static String read(FileChannel channel) throws IOException {
    long size = Math.min(channel.size(), 4096);
    ByteBuffer buffer = ByteBuffer.allocate((int) size);
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // keep reading
    }
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Returns the lock file. */
  public Path file() {
    return file;
  }

  /** Empties the lock file (a clean end, nothing to take over) and releases the lock. */
  @Override
  public void close() throws IOException {
    try {
      if (channel.isOpen()) {
        channel.truncate(0);
        lock.release();
      }
    } finally {
      channel.close();
    }
  }
}
