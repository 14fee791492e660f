package dev.switchboard.bridge.http;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.graphql.RequestContext;
import dev.switchboard.bridge.logging.LogContext;
import dev.switchboard.bridge.subscriptions.SubscriptionSession;
import dev.switchboard.bridge.telemetry.ServerSpan;
import dev.switchboard.subjects.TraceParent;
import java.util.concurrent.Executor;

/**
 * A request the entry let in: who is asking, and the correlation and trace it continues. Turned
 * into the {@link RequestContext} of each operation it runs (one for HTTP and SSE, one per {@code
 * subscribe} on a WebSocket), whose result executor puts the operation's correlation id and trace
 * into the MDC of every task it runs.
 *
 * @param correlationId the request's correlation id
 * @param trace the client's trace (continued) or a new one
 * @param traceState W3C tracestate to forward, or null
 * @param caller who is asking (verified, or anonymous)
 * @param idempotencyKey the client's {@code Idempotency-Key} header, or null
 * @param dev development mode: error details are shown
 * @param callerKey who the caller's limits count against: {@code sub:<subject>}, or {@code
 *     ip:<client address>} for anonymous callers
 * @param span the request's server span ({@link ServerSpan#NONE} when tracing is off); {@code
 *     trace} holds its ids
 */
public record Admission(
    String correlationId,
    TraceParent trace,
    String traceState,
    Caller caller,
    String idempotencyKey,
    boolean dev,
    CallerKey callerKey,
    ServerSpan span) {

  /** The context of the request's one operation (plain HTTP: no session; SSE: its stream). */
  public RequestContext context(Executor resultExecutor, SubscriptionSession session) {
    return new RequestContext(
        correlationId,
        trace,
        traceState,
        caller,
        idempotencyKey,
        dev,
        LogContext.propagating(resultExecutor, correlationId, trace),
        session);
  }

  /**
   * The context of one more operation on a long-lived connection (a WebSocket {@code subscribe}):
   * the same caller, its own correlation id and trace.
   */
  public RequestContext nextOperation(
      Executor resultExecutor, SubscriptionSession session, String correlationId, ServerSpan span) {
    TraceParent operationTrace = span.trace(null);
    return new RequestContext(
        correlationId,
        operationTrace,
        null,
        caller,
        null,
        dev,
        LogContext.propagating(resultExecutor, correlationId, operationTrace),
        session);
  }
}
