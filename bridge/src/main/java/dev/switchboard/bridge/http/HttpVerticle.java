package dev.switchboard.bridge.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP server per event loop, all sharing the port (Vert.x spreads connections across them).
 */
public final class HttpVerticle extends VerticleBase {
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
  private final Router router;
  private final HttpServerOptions options;
  private final Handler<HttpConnection> connections;
  private HttpServer server;

  /**
   * @param connections sees every new connection first (the connection cap)
   */
  public HttpVerticle(
      Router router, HttpServerOptions options, Handler<HttpConnection> connections) {
    this.router = router;
    this.options = options;
    this.connections = connections;
  }

  /**
   * The API listener's options.
   *
   * @param idleTimeout a connection with nothing read or written for this long is closed: an idle
   *     keep-alive connection, and a request whose headers or body stopped arriving
   */
  public static HttpServerOptions apiOptions(
      String host, int port, Duration idleTimeout, int maxWebSocketMessage) {
    return plainOptions(host, port, idleTimeout)
        .addWebSocketSubProtocol("graphql-transport-ws")
        // A larger client message closes the socket with 1009 (GraphQLWebSocket). The frame limit
        // stays above it: Netty drops a connection whose single frame is too big without any close
        // code.
        .setMaxWebSocketMessageSize(maxWebSocketMessage)
        .setMaxWebSocketFrameSize(Math.max(maxWebSocketMessage, 65536));
  }

  /** HTTP/1.1 only, uncompressed, with the idle timeout. */
  static HttpServerOptions plainOptions(String host, int port, Duration idleTimeout) {
    return new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setCompressionSupported(false)
        // No h2c: an upgrade with over-long headers was left unanswered; HTTP/1.1 answers 431.
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, idleTimeout.toMillis())))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        // Every response is written on its connection's event loop, so a connection needs no
        // cross-thread write queue: Vert.x's default gives each one a Netty MPSC queue (~4.8 KB),
        // and an upgraded WebSocket keeps its HTTP/1.1 connection's queue for its whole life.
        .setStrictThreadMode(true);
  }

  @Override
  public Future<?> start() {
    server =
        vertx
            .createHttpServer(new HttpServerOptions(options))
            .connectionHandler(connections)
            .requestHandler(router);
    return server.listen();
  }

  /** Stops accepting; requests in progress get up to the grace period to finish. */
  @Override
  public Future<?> stop() {
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
  }
}
