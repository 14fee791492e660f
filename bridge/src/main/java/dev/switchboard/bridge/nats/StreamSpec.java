package dev.switchboard.bridge.nats;

import java.time.Duration;

/**
 * A stream the bridge needs at start (the dead-letter stream): what it must store and, when the
 * bridge creates it, its limits. A created stream is file-backed and drops its oldest messages when
 * full, so it never refuses new ones.
 *
 * @param name stream name
 * @param subjects the subject pattern it must store, e.g. {@code switchboard.deadletters.>}
 * @param maxAge how long it keeps a message
 * @param maxBytes its size limit
 * @param replicas its replicas
 * @param ifMissing whether the bridge creates it when it does not exist
 */
public record StreamSpec(
    String name,
    String subjects,
    Duration maxAge,
    long maxBytes,
    int replicas,
    IfMissing ifMissing) {

  /** What start-up does when the stream does not exist. */
  public enum IfMissing {
    CREATE,
    REFUSE
  }
}
