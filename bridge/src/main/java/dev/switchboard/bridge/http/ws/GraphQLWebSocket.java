package dev.switchboard.bridge.http.ws;

import dev.switchboard.bridge.config.SubscriptionsConfig;
import dev.switchboard.bridge.documents.DocumentIds;
import dev.switchboard.bridge.graphql.GraphQLEngine;
import dev.switchboard.bridge.graphql.GroupedExecution;
import dev.switchboard.bridge.graphql.RequestContext;
import dev.switchboard.bridge.http.AccessRecord;
import dev.switchboard.bridge.http.Admission;
import dev.switchboard.bridge.http.Arrival;
import dev.switchboard.bridge.http.CorrelationIds;
import dev.switchboard.bridge.http.ExecutionContexts;
import dev.switchboard.bridge.http.Refusal;
import dev.switchboard.bridge.http.RequestEntry;
import dev.switchboard.bridge.http.TokenExpiry;
import dev.switchboard.bridge.ratelimit.CallerSlots;
import dev.switchboard.bridge.subscriptions.SubscriptionMetrics;
import dev.switchboard.bridge.subscriptions.SubscriptionSession;
import dev.switchboard.bridge.telemetry.ServerSpan;
import dev.switchboard.subjects.ErrorCode;
import graphql.GraphQL;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.graphql.ExecutionInputBuilderWithContext;
import io.vertx.ext.web.handler.graphql.impl.ws.ConnectionHandler;
import io.vertx.ext.web.handler.graphql.ws.ConnectionInitEvent;
import io.vertx.ext.web.handler.graphql.ws.Message;
import io.vertx.ext.web.handler.graphql.ws.MessageType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * graphql-transport-ws on {@code /graphql}, with Vert.x's protocol state machine (init timeout
 * 4408, subscribe before ack 4401, duplicate init 4429, duplicate id 4409, unknown message 4400).
 * On top (the handshake's sub-protocol is checked before, by {@code SubProtocolCheck}): frames are
 * guarded ({@link GuardedSocket}: 4400, 1009); the caller is admitted by the {@link RequestEntry}
 * from the token in {@code connection_init} (refused, or a token that is not a string: 4403; over
 * the caller's rate, or over its open WebSocket connections: 1013); the socket closes with 4403
 * when the token expires; every subscription's events are gated by the socket's write queue.
 *
 * <p>It drives Vert.x's {@code ConnectionHandler} directly (an impl class, pinned by the Vert.x
 * BOM) because the public {@code GraphQLWSHandler} upgrades the socket itself and leaves no way to
 * guard its frames.
 */
public final class GraphQLWebSocket {
  public static final short FORBIDDEN = 4403;
  private static final short TOO_MANY_INITS = 4429;

  /**
   * RFC 6455's "Try Again Later", for a caller over its rate or its WebSocket cap: a temporary
   * condition (4429 is taken by graphql-transport-ws for a second {@code connection_init}).
   */
  public static final short TRY_AGAIN_LATER = 1013;

  private final Vertx vertx;
  private final RequestEntry entry;
  private final SubscriptionsConfig limits;
  private final SubscriptionMetrics metrics;
  private final Map<ServerWebSocket, Connection> open = new ConcurrentHashMap<>();

  public GraphQLWebSocket(
      Vertx vertx, RequestEntry entry, SubscriptionsConfig limits, SubscriptionMetrics metrics) {
    this.vertx = vertx;
    this.entry = entry;
    this.limits = limits;
    this.metrics = metrics;
  }

  /**
   * The route handler: upgrades graphql-transport-ws handshakes, passes other requests on. A
   * connection runs every operation on the engine that was current when it opened (Vert.x's
   * protocol handler holds one {@code GraphQL}); after a reload, clients see the new schema on
   * their next connection.
   */
  public Handler<RoutingContext> handler(Supplier<GraphQLEngine> engines) {
    return routing -> {
      HttpServerRequest request = routing.request();
      if (!request.canUpgradeToWebSocket()) {
        routing.next();
        return;
      }
      request
          .toWebSocket()
          .onFailure(routing::fail)
          .onSuccess(socket -> connect(engines.get().graphQL(), routing, socket));
    };
  }

  private void connect(GraphQL graphQL, RoutingContext routing, ServerWebSocket upgraded) {
    HttpConnection connection = routing.request().connection();
    LoopOnlyWrites.apply(connection);
    ReadIdleOnly.apply(connection);
    ServerWebSocket socket = GuardedSocket.wrap(upgraded, limits.maxMessageBytes());
    AccessRecord access = AccessRecord.of(routing);
    access.upgraded();
    String path = routing.request().path();
    new ConnectionHandler(
            graphQL,
            limits.initTimeout().toMillis(),
            event -> init(event, access),
            execution -> beforeExecute(graphQL, execution),
            this::onMessage,
            closed -> ended(closed, access, path),
            routing,
            socket)
        .handleConnection();
  }

  /**
   * Vert.x answers a connection_init after the ack with 4400; graphql-transport-ws says 4429 for
   * any second init (Vert.x only does so while the first is still being authenticated).
   */
  private void onMessage(Message message) {
    if (message.type() == MessageType.CONNECTION_INIT && open.containsKey(message.socket())) {
      message.socket().close(TOO_MANY_INITS, "Too many initialisation requests");
    }
  }

  private void init(ConnectionInitEvent event, AccessRecord access) {
    ServerWebSocket socket = event.message().socket();
    String authorization;
    try {
      authorization = InitPayload.authorization(event.message().message());
    } catch (InitPayload.NotAToken malformed) {
      refuse(event, socket, malformed.getMessage(), malformed);
      return;
    }
    Context context = Vertx.currentContext();
    entry
        .admit(Arrival.of(socket, authorization))
        .whenComplete(
            (admission, failure) ->
                context.runOnContext(
                    ignored -> {
                      if (failure != null) {
                        Refusal refused = RequestEntry.refusalOf(failure);
                        if (refused.code() == ErrorCode.RATE_LIMITED) {
                          tryAgainLater(event, socket, refused);
                        } else {
                          refuse(event, socket, refused.getMessage(), refused);
                        }
                      } else {
                        accept(event, socket, context, admission, access);
                      }
                    }));
  }

  /**
   * Closing first: the client sees 4403 Forbidden, as graphql-transport-ws asks for a refused init.
   */
  private static void refuse(
      ConnectionInitEvent event, ServerWebSocket socket, String reason, Exception cause) {
    socket.close(FORBIDDEN, "Forbidden: " + reason);
    event.fail(cause);
  }

  /** Over the caller's rate or WebSocket cap: 1013, with the reason. */
  private static void tryAgainLater(
      ConnectionInitEvent event, ServerWebSocket socket, Refusal refused) {
    socket.close(TRY_AGAIN_LATER, "Try again later: " + refused.getMessage());
    event.fail(refused);
  }

  private void accept(
      ConnectionInitEvent event,
      ServerWebSocket socket,
      Context context,
      Admission admission,
      AccessRecord access) {
    if (socket.isClosed()) {
      // gone while it was being authenticated: nothing to keep (ended() has already run)
      event.fail(new IllegalStateException("the socket closed before connection_init completed"));
      return;
    }
    CallerSlots.Slot slot;
    try {
      slot = entry.openWebSocket(admission);
    } catch (Refusal overCap) {
      tryAgainLater(event, socket, overCap);
      return;
    }
    SubscriptionSession session =
        new SubscriptionSession(
            context,
            admission.caller(),
            new WebSocketDelivery(GuardedSocket.unwrap(socket)),
            limits.maxPerConnection(),
            limits.bufferSize(),
            metrics);
    TokenExpiry expiry =
        TokenExpiry.schedule(
            vertx,
            admission.caller(),
            () -> {
              if (!socket.isClosed()) {
                socket.close(FORBIDDEN, "Forbidden: the token has expired");
              }
            });
    access.admitted(admission.correlationId(), admission.trace(), admission.caller().subject());
    open.put(socket, new Connection(admission, session, expiry, slot, access));
    admission.span().endConnectionInit();
    WebSocketKeepAlive.start(vertx, socket, limits.keepAlive());
    metrics.connectionOpened();
    event.complete(session);
  }

  private void beforeExecute(GraphQL graphQL, ExecutionInputBuilderWithContext<Message> execution) {
    Connection connection = open.get(execution.context().socket());
    SubscriptionSession session = connection.session();
    String correlationId = CorrelationIds.generate();
    ServerSpan span = entry.operationSpan(correlationId);
    RequestContext context =
        connection.admission().nextOperation(session::execute, session, correlationId, span);
    connection.access().operation(operationName(execution.context().message()));
    // Vert.x takes a subscribe payload's "initialValue" as the root object: a client must not
    // choose what root fields read, so the root is what it is over HTTP (none).
    execution.builder().graphQLContext(ExecutionContexts.of(context, span)).root(null);
    DocumentIds.fromSubscribe(execution.context().message(), execution.builder());
    if (limits.group()) {
      execution
          .builder()
          .graphQLContext(
              Map.of(
                  GroupedExecution.KEY,
                  WebSocketGrouping.of(
                      graphQL,
                      GuardedSocket.unwrap(execution.context().socket()),
                      execution.context().message(),
                      context,
                      span)));
    }
  }

  /** The subscribe's operation name, when it gives one as a string. */
  private static String operationName(JsonObject subscribe) {
    return subscribe.getValue("payload") instanceof JsonObject payload
            && payload.getValue("operationName") instanceof String name
        ? name
        : null;
  }

  private void ended(ServerWebSocket socket, AccessRecord access, String path) {
    Connection ending = open.remove(socket);
    if (ending != null) {
      ending.expiry().cancel();
      ending.slot().release();
      metrics.connectionClosed();
    }
    access.webSocketEnded(path, socket.closeStatusCode());
  }

  /**
   * An initialised connection: who is on it, its subscriptions, its token's expiry, its place among
   * the caller's connections, its access-log record.
   */
  private record Connection(
      Admission admission,
      SubscriptionSession session,
      TokenExpiry expiry,
      CallerSlots.Slot slot,
      AccessRecord access) {}
}
