package dev.switchboard.bridge.nats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one or more files of a connection block make (a token, an auth handler, a TLS socket
 * factory), made again at a connect when a file's content changed, so a rotated secret is used at
 * the next reconnect. A file that became unreadable or invalid keeps the last good value: an
 * operator's mistake must not take the fleet off NATS. One warning per problem names the key and
 * the file, never the content.
 *
 * @param <T> what the files make
 */
final class RereadFiles<T> {
  private static final Logger log = LoggerFactory.getLogger("dev.switchboard.bridge.nats");

  private final List<Source> sources;
  private final Supplier<T> make;
  private T value;
  private byte[] fingerprint;
  private Instant readAt;
  private String problem;

  private RereadFiles(List<Source> sources, Supplier<T> make) {
    this.sources = List.copyOf(sources);
    this.make = make;
  }

  /**
   * Reads the files now: a problem at start stops start-up.
   *
   * @param make reads the files itself; throws an exception whose message names key and file
   * @throws IllegalArgumentException naming key and file
   */
  static <T> RereadFiles<T> of(List<Source> sources, Supplier<T> make) {
    RereadFiles<T> files = new RereadFiles<>(sources, make);
    String unreadable = files.read();
    if (unreadable != null) {
      throw new IllegalArgumentException(unreadable);
    }
    files.value = make.get();
    files.readAt = Instant.now();
    return files;
  }

  static <T> RereadFiles<T> of(String key, String file, Supplier<T> make) {
    return of(List.of(new Source(key, file)), make);
  }

  /** The value of the files' current content, or the last good one when they have a problem. */
  synchronized T current() {
    byte[] before = fingerprint;
    String unreadable = read();
    if (unreadable != null) {
      return keep(unreadable);
    }
    if (Arrays.equals(before, fingerprint)) {
      problem = null;
      return value;
    }
    try {
      T fresh = make.get();
      value = fresh;
      readAt = Instant.now();
      problem = null;
      log.info("{} changed; this connect uses the new content", names());
      return fresh;
    } catch (RuntimeException invalid) {
      // the same content is tried again at the next connect, and warned about once
      fingerprint = before;
      return keep(invalid.getMessage());
    }
  }

  private T keep(String why) {
    if (!why.equals(problem)) {
      problem = why;
      log.warn(
          "{}; connecting with the last good content of {} (read at {}) until it is fixed",
          why,
          names(),
          readAt);
    }
    return value;
  }

  /** Fingerprints the files' content; the problem when one cannot be read. */
  private String read() {
    MessageDigest digest = sha256();
    for (Source source : sources) {
      try {
        digest.update(Files.readAllBytes(Path.of(source.file())));
        digest.update((byte) 0);
      } catch (IOException unreadable) {
        return source.key()
            + ": cannot read "
            + source.file()
            + " ("
            + unreadable.getClass().getSimpleName()
            + ")";
      }
    }
    fingerprint = digest.digest();
    return null;
  }

  private String names() {
    return String.join(
        ", ", sources.stream().map(source -> source.key() + " (" + source.file() + ")").toList());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every JDK has SHA-256", impossible);
    }
  }

  /** A config key and the file it names. */
  record Source(String key, String file) {}
}
