package dev.switchboard.bridge.config;

import static dev.switchboard.bridge.config.ConfigValidator.positive;
import static dev.switchboard.bridge.config.ConfigValidator.require;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks the {@code deadLetters} section; each message names the key. */
final class DeadLettersValidator {
  /** A JetStream stream name: no spaces, dots, wildcards or path separators. */
  private static final Pattern STREAM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");

  /** Literal subject tokens: no wildcards, no whitespace, no empty token. */
  private static final Pattern LITERAL_SUBJECT =
      Pattern.compile("[!-~&&[^.*>]]+(\\.[!-~&&[^.*>]]+)*");

  private DeadLettersValidator() {}

  static void validate(DeadLettersConfig deadLetters, Set<String> connections)
      throws ConfigException {
    if (!deadLetters.enabled()) {
      return;
    }
    require(
        STREAM_NAME.matcher(deadLetters.stream()).matches(),
        "deadLetters.stream '"
            + deadLetters.stream()
            + "' is not a stream name: use letters, digits, '-' and '_'");
    require(
        LITERAL_SUBJECT.matcher(deadLetters.subject()).matches(),
        "deadLetters.subject '"
            + deadLetters.subject()
            + "' must be a subject prefix without wildcards, e.g. switchboard.deadletters;"
            + " a dead letter goes to <subject>.<original subject>");
    require(
        connections.contains(deadLetters.connection()),
        "deadLetters.connection '"
            + deadLetters.connection()
            + "' is not a configured NATS connection; known: "
            + connections);
    require(positive(deadLetters.maxAge()), "deadLetters.maxAge must be positive");
    require(deadLetters.maxBytes() > 0, "deadLetters.maxBytes must be positive");
    require(
        deadLetters.replicas() >= 1 && deadLetters.replicas() <= 5,
        "deadLetters.replicas must be between 1 and 5");
    require(
        positive(deadLetters.publishTimeout())
            && deadLetters.publishTimeout().compareTo(Duration.ofMinutes(1)) <= 0,
        "deadLetters.publishTimeout must be between 1ms and 1m");
  }
}
