package dev.switchboard.bridge.http;

import dev.switchboard.bridge.config.ManagementConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The management listener ({@code management.host:management.port}): health and metrics apart from
 * the public API. One server, not a verticle per event loop, and not undeployed with the API
 * listener: probes and scrapes keep answering (readiness: "draining") until the very end of a
 * shutdown.
 */
public final class ManagementServer implements AutoCloseable {
  private final HttpServer server;

  private ManagementServer(HttpServer server) {
    this.server = server;
  }

  /** Listens, or throws naming the address. */
  public static ManagementServer start(
      Vertx vertx, Router router, ManagementConfig config, Duration idleTimeout)
      throws InterruptedException {
    HttpServer server =
        vertx
            .createHttpServer(HttpVerticle.plainOptions(config.host(), config.port(), idleTimeout))
            .requestHandler(router);
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return new ManagementServer(server);
    } catch (ExecutionException | TimeoutException cannotListen) {
      Throwable cause = cannotListen.getCause() != null ? cannotListen.getCause() : cannotListen;
      throw new IllegalStateException(
          "management listener: cannot listen on "
              + config.host()
              + ":"
              + config.port()
              + ": "
              + cause.getMessage(),
          cause);
    }
  }

  /** The port it listens on (the one picked when {@code management.port} is 0). */
  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
