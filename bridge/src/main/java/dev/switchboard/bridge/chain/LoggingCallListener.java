package dev.switchboard.bridge.chain;

import dev.switchboard.bridge.logging.LogContext;
import dev.switchboard.subjects.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every call and attempt on the {@code dev.switchboard.bridge.calls} logger: DEBUG for
 * successes and each attempt, INFO for failed calls, so an operator can follow a correlation id
 * through its NATS hops. Each line carries the call's correlation id and trace in its MDC, set here
 * because these events come on whatever thread ended the call (the NATS reply thread, a timer).
 */
public final class LoggingCallListener implements CallListener {
  private static final Logger log = LoggerFactory.getLogger("dev.switchboard.bridge.calls");

  @Override
  public void callEnd(
      CallContext call, NatsRequest request, ErrorCode outcome, int attempts, long nanos) {
    if (outcome != null && log.isInfoEnabled()) {
      try (LogContext scope = LogContext.of(call.correlationId(), call.trace())) {
        log.info(
            "call {} -> {} failed with {} after {} ms [correlation id {}]",
            call.fieldPath(),
            request.subject(),
            outcome,
            nanos / 1_000_000,
            call.correlationId());
      }
    } else if (log.isDebugEnabled()) {
      try (LogContext scope = LogContext.of(call.correlationId(), call.trace())) {
        log.debug(
            "call {} -> {} ok in {} us [correlation id {}]",
            call.fieldPath(),
            request.subject(),
            nanos / 1000,
            call.correlationId());
      }
    }
  }

  @Override
  public void attemptEnd(
      CallContext call, NatsRequest request, int attempt, ErrorCode outcome, long nanos) {
    if (log.isDebugEnabled()) {
      try (LogContext scope = LogContext.of(call.correlationId(), call.trace())) {
        log.debug(
            "attempt {} of {} -> {}: {} in {} us [correlation id {}]",
            attempt,
            call.fieldPath(),
            request.subject(),
            outcome == null ? "ok" : outcome,
            nanos / 1000,
            call.correlationId());
      }
    }
  }
}
