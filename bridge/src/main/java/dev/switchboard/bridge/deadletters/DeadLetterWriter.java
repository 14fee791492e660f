package dev.switchboard.bridge.deadletters;

import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.Failures;
import dev.switchboard.bridge.chain.Interceptor.Sent;
import dev.switchboard.bridge.config.DeadLettersConfig;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.bridge.nats.NatsClient;
import dev.switchboard.subjects.ErrorCode;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes dead letters to their stream with a bounded wait and counts them. A dead letter that is
 * not acknowledged is logged once (field, code, correlation id and why; never its headers, which
 * hold the identity envelope) and counted; it is not retried, so a NATS outage cannot pile them up.
 */
final class DeadLetterWriter {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterWriter.class);
  private final DeadLettersConfig config;
  private final NatsClient client;
  private final DeadLetterMetrics metrics;

  DeadLetterWriter(DeadLettersConfig config, NatsClient client, DeadLetterMetrics metrics) {
    this.config = config;
    this.client = client;
    this.metrics = metrics;
  }

  void write(CallContext call, Sent sent, ErrorCode code, Instant failedAt) {
    DeadLetter letter = DeadLetter.of(config, call, sent, code, failedAt);
    String field = call.fieldCoordinate();
    client
        .streamPublish(letter.subject(), letter.headers(), letter.body(), config.publishTimeout())
        .whenComplete(
            (stored, error) -> {
              if (error == null) {
                metrics.recorded(field, code.name());
                return;
              }
              metrics.notRecorded(field);
              log.warn(
                  "dead letter of {} ({}, correlation id {}) not recorded on stream {}: {}",
                  field,
                  code,
                  call.correlationId(),
                  config.stream(),
                  reason(error));
            });
  }

  private static String reason(Throwable error) {
    Throwable cause = Failures.unwrap(error);
    if (cause instanceof BridgeException coded && coded.internalDetail() != null) {
      return coded.internalDetail(); // the log may say which stream and status, the client may not
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }
}
