package dev.switchboard.bridge.chain;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.subjects.TraceParent;
import java.time.Duration;

/**
 * Who and what a call is for: everything an interceptor may need besides the request itself.
 *
 * @param correlationId the client request's correlation id
 * @param operationName GraphQL operation name, or null
 * @param fieldPath response path of the field, e.g. {@code order/customer}
 * @param fieldCoordinate schema coordinate of the field, e.g. {@code Order.customer}
 * @param trace the trace this call belongs to (each attempt gets a new span)
 * @param traceState W3C tracestate to forward, or null
 * @param caller who is asking (verified, or anonymous)
 * @param action what the call does with its subject, for permission checks
 * @param jetStream for publishes: to a JetStream stream, acknowledged (else core NATS)
 * @param policy timeout and retry settings of this field
 * @param retryable true when repeating the request is safe (a query, or an idempotent mutation)
 * @param connection the named NATS connection the call uses ({@code default} for the nats: block)
 * @param onFailure what becomes of the message when the call finally fails: only mutations and
 *     publishes are recorded as dead letters
 */
public record CallContext(
    String correlationId,
    String operationName,
    String fieldPath,
    String fieldCoordinate,
    TraceParent trace,
    String traceState,
    Caller caller,
    Action action,
    boolean jetStream,
    CallPolicy policy,
    boolean retryable,
    String connection,
    OnFailure onFailure) {

  /** What a final failure does besides answering the client with its error. */
  public enum OnFailure {
    /**
     * The client gets its error; nothing else keeps the message (a query can simply be asked
     * again).
     */
    REPORT,
    /**
     * The client gets its error and the message goes to the dead-letter stream, when configured.
     */
    DEAD_LETTER
  }

  /** What a call does with its subject; each has its own permissions. */
  public enum Action {
    REQUEST,
    PUBLISH,
    SUBSCRIBE
  }

  /** Timeout and retry settings for one field. */
  public record CallPolicy(Duration timeout, int retries) {
    public CallPolicy {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      if (retries < 0) {
        throw new IllegalArgumentException("retries must not be negative");
      }
    }
  }
}
