package dev.switchboard.bridge.http.ws;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pings an open WebSocket every {@code subscriptions.keepAlive}, so a subscription with no events
 * is not closed by {@code http.idleTimeout} (nor by a proxy's read timeout): Vert.x closes a
 * connection with no traffic either way, WebSockets included, and graphql-ws clients send no pings
 * by default. A ping is a WebSocket control frame; browsers and client libraries answer it with a
 * pong on their own, which the protocol layer never sees. Started once a connection is initialised;
 * before that the init timeout bounds it.
 */
final class WebSocketKeepAlive {
  private static final Buffer EMPTY = Buffer.buffer();

  private WebSocketKeepAlive() {}

  /**
   * Pings until the socket is closed; the timer then cancels itself. The first ping comes at a
   * random point of the first period, so the pings of many sockets opened together do not all go
   * out at the same moment (10,000 subscribers would otherwise get 10,000 pings in one burst,
   * delaying the events written in between).
   */
  static void start(Vertx vertx, ServerWebSocket socket, Duration every) {
    long period = every.toMillis();
    long first = 1 + ThreadLocalRandom.current().nextLong(period);
    vertx.setPeriodic(
        first,
        period,
        timer -> {
          if (socket.isClosed()) {
            vertx.cancelTimer(timer);
          } else {
            socket.writePing(EMPTY);
          }
        });
  }
}
