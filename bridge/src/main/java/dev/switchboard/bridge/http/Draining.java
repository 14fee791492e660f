package dev.switchboard.bridge.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The bridge is shutting down but still serving: {@code /readyz} says "draining" (so load balancers
 * stop sending), and every response written meanwhile carries {@code Connection: close} and closes
 * its connection once sent, so keep-alive clients reconnect elsewhere. WebSocket upgrades are left
 * alone: a 101 with {@code Connection: close} would break the handshake.
 */
public final class Draining implements Handler<RoutingContext> {
  private static final String CLOSING = "switchboard.draining.closing";
  private volatile boolean draining;

  /** From now on {@code /readyz} answers 503 "draining" and responses close their connections. */
  public void start() {
    draining = true;
  }

  public boolean isDraining() {
    return draining;
  }

  @Override
  public void handle(RoutingContext routing) {
    // Only while draining: a request costs nothing extra the rest of the time. (One that began
    // just before draining started keeps its connection; its next request gets the close.)
    if (draining && !routing.request().headers().contains(HttpHeaders.UPGRADE)) {
      closeAfterResponse(routing);
    }
    routing.next();
  }

  /**
   * This response carries {@code Connection: close} and its connection closes once it is sent.
   * Idempotent. {@code /readyz} calls it when it answers "draining": draining may have begun after
   * this handler let the request through, and a load balancer that is told "draining" must also be
   * told to stop reusing the connection.
   */
  public void closeAfterResponse(RoutingContext routing) {
    if (routing.get(CLOSING) != null) {
      return;
    }
    routing.put(CLOSING, Boolean.TRUE);
    HttpServerResponse response = routing.response();
    routing.addHeadersEndHandler(
        headers -> response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE));
    // Vert.x keeps a keep-alive connection open whatever the response says: close it ourselves,
    // after the response (the close flushes what was written).
    routing.addEndHandler(ended -> routing.request().connection().close());
  }
}
