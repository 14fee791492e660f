package dev.switchboard.bridge.http.ws;

import dev.switchboard.bridge.auth.AuthenticationException;
import dev.switchboard.bridge.auth.Authenticator;
import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.chain.Failures;
import dev.switchboard.bridge.config.SubscriptionsConfig;
import dev.switchboard.bridge.graphql.RequestContext;
import dev.switchboard.bridge.http.CorrelationIds;
import dev.switchboard.bridge.subscriptions.SubscriptionMetrics;
import dev.switchboard.bridge.subscriptions.SubscriptionSession;
import dev.switchboard.subjects.TraceParent;
import graphql.GraphQL;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.graphql.ws.ConnectionInitEvent;
import io.vertx.ext.web.handler.graphql.ws.GraphQLWSHandler;
import io.vertx.ext.web.handler.graphql.ws.GraphQLWSOptions;
import io.vertx.ext.web.handler.graphql.ws.MessageType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * graphql-transport-ws on {@code /graphql}, with Vert.x's handler for the protocol (init timeout
 * 4408, subscribe before ack 4401, duplicate init 4429, duplicate id 4409, unknown message 4400).
 * On top: the token in {@code connection_init} is verified (refused: 4403), the socket closes with
 * 4403 when the token expires, and every subscription's events are gated by the socket's write
 * queue.
 */
public final class GraphQLWebSocket {
  public static final short FORBIDDEN = 4403;
  private static final short TOO_MANY_INITS = 4429;
  private static final short MESSAGE_TOO_BIG = 1009;
  private final Vertx vertx;
  private final Authenticator authenticator;
  private final SubscriptionsConfig limits;
  private final SubscriptionMetrics metrics;
  private final boolean dev;
  private final Map<ServerWebSocket, Open> open = new ConcurrentHashMap<>();

  public GraphQLWebSocket(
      Vertx vertx,
      Authenticator authenticator,
      SubscriptionsConfig limits,
      SubscriptionMetrics metrics,
      boolean dev) {
    this.vertx = vertx;
    this.authenticator = authenticator;
    this.limits = limits;
    this.metrics = metrics;
    this.dev = dev;
  }

  public Handler<RoutingContext> handler(GraphQL graphQL) {
    return GraphQLWSHandler.builder(graphQL)
        .with(new GraphQLWSOptions().setConnectionInitWaitTimeout(limits.initTimeout().toMillis()))
        .onConnectionInit(this::init)
        // Vert.x answers a connection_init after the ack with 4400; graphql-transport-ws says 4429
        // for
        // any second init (Vert.x only does so while the first is still being authenticated).
        .onMessage(
            message -> {
              if (message.type() == MessageType.CONNECTION_INIT
                  && open.containsKey(message.socket())) {
                message.socket().close(TOO_MANY_INITS, "Too many initialisation requests");
              }
            })
        .beforeExecute(
            execution -> {
              SubscriptionSession session =
                  (SubscriptionSession) execution.context().connectionParams();
              RequestContext context =
                  new RequestContext(
                      CorrelationIds.generate(),
                      TraceParent.newTrace(),
                      null,
                      session.caller(),
                      null,
                      dev,
                      session::execute,
                      session);
              execution.builder().graphQLContext(Map.of(RequestContext.KEY, context));
            })
        .onSocketEnd(this::ended)
        .build();
  }

  private void init(ConnectionInitEvent event) {
    ServerWebSocket socket = event.message().socket();
    // A message over subscriptions.maxMessageBytes only reaches the socket's exception handler
    // (Vert.x drops it and keeps the socket open); close with 1009 Message Too Big as promised.
    socket.exceptionHandler(
        failure -> {
          if (failure.getMessage() != null && failure.getMessage().contains("max message size")) {
            socket.close(
                MESSAGE_TOO_BIG,
                "Message too big: the limit is " + limits.maxMessageBytes() + " bytes");
          }
        });
    Context context = Vertx.currentContext();
    String authorization = InitPayload.authorization(event.message().message());
    authenticator
        .authenticate(authorization)
        .whenComplete(
            (caller, failure) ->
                context.runOnContext(
                    ignored -> {
                      if (failure != null) {
                        Throwable cause = Failures.unwrap(failure);
                        String reason =
                            cause instanceof AuthenticationException refused
                                ? refused.getMessage()
                                : "cannot authenticate";
                        // Closing first: the client sees 4403 Forbidden, as graphql-transport-ws
                        // asks for a refused init.
                        socket.close(FORBIDDEN, "Forbidden: " + reason);
                        event.fail(cause);
                        return;
                      }
                      SubscriptionSession session =
                          new SubscriptionSession(
                              context,
                              caller,
                              new WebSocketDelivery(socket),
                              limits.maxPerConnection(),
                              limits.bufferSize(),
                              metrics);
                      open.put(socket, new Open(expiryTimer(socket, caller)));
                      metrics.connectionOpened();
                      event.complete(session);
                    }));
  }

  /** Ends the connection the moment the token does. */
  private long expiryTimer(ServerWebSocket socket, Caller caller) {
    if (caller.expiresAt() == null) {
      return -1;
    }
    long millis = Math.max(1, Duration.between(Instant.now(), caller.expiresAt()).toMillis());
    return vertx.setTimer(
        millis,
        ignored -> {
          if (!socket.isClosed()) {
            socket.close(FORBIDDEN, "Forbidden: the token has expired");
          }
        });
  }

  private void ended(ServerWebSocket socket) {
    Open ending = open.remove(socket);
    if (ending != null) {
      if (ending.expiryTimer >= 0) {
        vertx.cancelTimer(ending.expiryTimer);
      }
      metrics.connectionClosed();
    }
  }

  /** Bookkeeping of an initialised connection. */
  private record Open(long expiryTimer) {}
}
