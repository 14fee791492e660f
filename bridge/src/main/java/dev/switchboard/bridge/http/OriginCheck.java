package dev.switchboard.bridge.http;

import dev.switchboard.subjects.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * The Origin allow-list for streams: a browser page from another origin may not open a WebSocket or
 * an SSE stream with its user's credentials (WebSockets are not covered by CORS). Clients that send
 * no Origin (servers, CLIs) are not browsers and pass. No list configured: every origin passes.
 */
final class OriginCheck implements Handler<RoutingContext> {
  private final Set<String> allowed;

  OriginCheck(List<String> allowed) {
    this.allowed = Set.copyOf(allowed);
  }

  @Override
  public void handle(RoutingContext routing) {
    HttpServerRequest request = routing.request();
    String origin = request.getHeader("Origin");
    if (allowed.isEmpty() || origin == null || allowed.contains(origin) || !opensStream(request)) {
      routing.next();
      return;
    }
    ResponseWriter.requestError(
        routing.response(),
        403,
        MediaTypes.JSON,
        ErrorCode.FORBIDDEN,
        "Origin " + origin + " may not open streams here.",
        CorrelationIds.of(request));
  }

  private static boolean opensStream(HttpServerRequest request) {
    String upgrade = request.getHeader("Upgrade");
    String accept = request.getHeader("Accept");
    return (upgrade != null && upgrade.equalsIgnoreCase("websocket"))
        || (accept != null && accept.contains(MediaTypes.EVENT_STREAM));
  }
}
