package dev.switchboard.bridge.config;

import java.time.Duration;

/**
 * The dead-letter stream: where a mutation or publish that finally failed is recorded for a later
 * replay. Off unless {@code stream} is set. A dead letter goes to {@code <subject>.<original
 * subject>}, so consumers can filter by the original subject.
 *
 * @param stream JetStream stream name; unset means no dead letters
 * @param subject subject prefix of the dead letters, literal tokens (default {@code
 *     switchboard.deadletters}); the stream must store {@code <subject>.>}
 * @param connection named NATS connection to write them on (default {@code default})
 * @param create create the stream at start when it is missing (default true); when false the bridge
 *     only checks that it exists and stores the subject
 * @param maxAge how long a created stream keeps a dead letter (default 7 days)
 * @param maxBytes size limit of a created stream; the oldest go first (default 1 GiB)
 * @param replicas replicas of a created stream (default 1; 3 on a cluster)
 * @param publishTimeout how long to wait for the stream to acknowledge a dead letter (default 2s)
 */
public record DeadLettersConfig(
    String stream,
    String subject,
    String connection,
    Boolean create,
    Duration maxAge,
    Long maxBytes,
    Integer replicas,
    Duration publishTimeout) {

  public DeadLettersConfig {
    subject = subject != null ? subject : "switchboard.deadletters";
    connection = connection != null ? connection : NatsConfig.DEFAULT;
    create = create != null ? create : true;
    maxAge = maxAge != null ? maxAge : Duration.ofDays(7);
    maxBytes = maxBytes != null ? maxBytes : 1024L * 1024 * 1024;
    replicas = replicas != null ? replicas : 1;
    publishTimeout = publishTimeout != null ? publishTimeout : Duration.ofSeconds(2);
  }

  static DeadLettersConfig defaults() {
    return new DeadLettersConfig(null, null, null, null, null, null, null, null);
  }

  public boolean enabled() {
    return stream != null;
  }

  /** The subject a dead letter of a message sent to {@code original} goes to. */
  public String subjectFor(String original) {
    return subject + "." + original;
  }

  /** What the stream must store: every dead letter. */
  public String streamSubjects() {
    return subject + ".>";
  }
}
