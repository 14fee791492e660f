package dev.switchboard.bridge.http;

import dev.switchboard.subjects.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a WebSocket handshake on {@code /graphql} that does not offer the {@code
 * graphql-transport-ws} sub-protocol, before the upgrade: the only protocol spoken there, so a
 * client that does not ask for it would be accepted into a conversation it cannot have.
 */
final class SubProtocolCheck implements Handler<RoutingContext> {
  static final String PROTOCOL = "graphql-transport-ws";

  @Override
  public void handle(RoutingContext routing) {
    HttpServerRequest request = routing.request();
    if (!request.canUpgradeToWebSocket() || offers(request.getHeader("Sec-WebSocket-Protocol"))) {
      routing.next();
      return;
    }
    ResponseWriter.requestError(
        routing.response(),
        400,
        MediaTypes.JSON,
        ErrorCode.BAD_REQUEST,
        "WebSocket connections must offer the " + PROTOCOL + " sub-protocol.",
        CorrelationIds.of(request.headers()));
  }

  private static boolean offers(String offered) {
    if (offered == null) {
      return false;
    }
    for (String protocol : offered.split(",")) {
      if (protocol.trim().equals(PROTOCOL)) {
        return true;
      }
    }
    return false;
  }
}
