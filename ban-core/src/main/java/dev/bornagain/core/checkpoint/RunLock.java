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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run per directory: an operating-system lock on {@code run.lock} in the directory, held while
 * the run lives, with the holder's process id, host and start time in the file for the message a
 * second run gets. The lock, not the file, decides: a lock file left by a killed process (nobody
 * holds its OS lock) is taken over with a logged notice; the operating system releases a killed
 * process's lock. Closing empties the file and releases the lock (the file stays: deleting it would
 * let a process that opened it before the deletion lock a file nobody else sees).
 *
 * <p>Within one JVM the operating system's lock cannot tell two runs apart, and on Linux it must
 * not be probed: locks taken through {@link FileChannel} are POSIX (fcntl) locks, which belong to
 * the process, and closing <em>any</em> descriptor of the file drops all of them (the warning in
 * {@link FileLock}'s javadoc). A second channel opened only to be refused would free the directory
 * for every other process while the first run goes on. So this JVM keeps one registry of the lock
 * files it holds, keyed by their real path, and a second run in the same JVM is refused from it
 * before any channel is opened. This is the one piece of JVM-wide state in the library, and it
 * mirrors state the operating system already keeps per process. For the same reason nothing in this
 * JVM should open a held {@code run.lock} by other means (to read it, use another process).
 */
public final class RunLock implements AutoCloseable {

  /** The lock file's name inside the locked directory. */
  public static final String FILE_NAME = "run.lock";

  private static final Logger logger = LoggerFactory.getLogger(RunLock.class);

  /** The lock files this JVM holds (real paths), with what each holder wrote into its file. */
  private static final ConcurrentMap<Path, String> HELD = new ConcurrentHashMap<>();

  private final Path file;
  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(Path file, Path key, FileChannel channel, FileLock lock) {
    this.file = file;
    this.key = key;
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
    Path key;
    try {
      key = directory.toRealPath().resolve(FILE_NAME);
    } catch (FileSystemException e) {
      throw new IOException(
          "cannot resolve the " + what + " " + directory + ": " + FileFailures.reason(e), e);
    }
    String content =
        "process "
            + ProcessHandle.current().pid()
            + " on host "
            + host()
            + ", started "
            + Instant.now();
    // Refused in this JVM before any channel is opened: closing one would drop the holder's lock.
    String heldHere = HELD.putIfAbsent(key, content);
    if (heldHere != null) {
      throw inUse(what, directory, file, heldHere);
    }
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (FileSystemException e) {
      HELD.remove(key);
      throw new IOException(
          "cannot create the lock file " + file + ": " + FileFailures.reason(e), e);
    } catch (IOException | RuntimeException e) {
      HELD.remove(key);
      throw e;
    }
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        // Only this JVM's own locks overlap, and the registry refused those above.
        throw new IllegalStateException(
            "the lock file " + file + " is locked in this JVM outside RunLock", e);
      }
      if (lock == null) {
        throw inUse(what, directory, file, read(channel));
      }
      String left = read(channel);
      if (!left.isBlank()) {
        logger.info(
            "Taking over {}: the run that held it ({}) is gone (killed, or its machine"
                + " restarted)",
            file,
            left);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new RunLock(file, key, channel, lock);
    } catch (IOException | RuntimeException e) {
      try {
        channel.close();
      } finally {
        HELD.remove(key);
      }
      throw e;
    }
  }

  private static IllegalStateException inUse(
      String what, Path directory, Path file, String holder) {
    return new IllegalStateException(
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

  /**
   * Empties the lock file (a clean end, nothing to take over) and releases the lock; a second call
   * does nothing.
   */
  @Override
  public void close() throws IOException {
    if (!channel.isOpen()) {
      return; // closed before: the registry entry may already be another run's
    }
    try {
      channel.truncate(0);
      lock.release();
    } finally {
      try {
        channel.close();
      } finally {
        HELD.remove(key);
      }
    }
  }
}
