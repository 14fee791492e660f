package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.subscriptions.SubscriptionSession;
import dev.switchboard.subjects.TraceParent;
import java.util.concurrent.Executor;

/**
 * What the bridge knows about one client request, carried in graphql-java's {@code GraphQLContext}
 * under {@link #KEY}.
 *
 * @param correlationId echoed to the client and sent on every NATS message
 * @param trace the client's trace (continued) or a new one
 * @param traceState W3C tracestate to forward, or null
 * @param caller who is asking (verified, or anonymous)
 * @param idempotencyKey the client's {@code Idempotency-Key} header, or null
 * @param dev development mode: error details are shown
 * @param resultExecutor where NATS results are completed, so that execution continues on the
 *     request's event loop and never on the NATS client's reply thread
 * @param session the streaming connection (WebSocket, SSE) for subscriptions; null over plain HTTP
 */
public record RequestContext(
    String correlationId,
    TraceParent trace,
    String traceState,
    Caller caller,
    String idempotencyKey,
    boolean dev,
    Executor resultExecutor,
    SubscriptionSession session) {

  public static final Class<RequestContext> KEY = RequestContext.class;

  /** The same request, served over a streaming connection. */
  public RequestContext withSession(SubscriptionSession streaming) {
    return new RequestContext(
        correlationId, trace, traceState, caller, idempotencyKey, dev, resultExecutor, streaming);
  }
}
