package dev.switchboard.bridge.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * One HTTP server per event loop, all sharing the port (Vert.x spreads connections across them).
 */
public final class HttpVerticle extends VerticleBase {
  private final Router router;
  private final String host;
  private final int port;
  private final int maxWebSocketMessage;
  private static final java.time.Duration SHUTDOWN_GRACE = java.time.Duration.ofSeconds(10);
  private HttpServer server;

  public HttpVerticle(Router router, String host, int port, int maxWebSocketMessage) {
    this.router = router;
    this.host = host;
    this.port = port;
    this.maxWebSocketMessage = maxWebSocketMessage;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setCompressionSupported(false)
            // No h2c: an upgrade with over-long headers was left unanswered; HTTP/1.1 answers 431.
            .setHttp2ClearTextEnabled(false)
            .addWebSocketSubProtocol("graphql-transport-ws")
            // A larger client message closes the socket with 1009 (GraphQLWebSocket). The frame
            // limit stays
            // above it: Netty drops a connection whose single frame is too big without any close
            // code.
            .setMaxWebSocketMessageSize(maxWebSocketMessage)
            .setMaxWebSocketFrameSize(Math.max(maxWebSocketMessage, 65536));
    server = vertx.createHttpServer(options).requestHandler(router);
    return server.listen();
  }

  /** Stops accepting; requests in progress get up to the grace period to finish. */
  @Override
  public Future<?> stop() {
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(SHUTDOWN_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }
}
