package dev.switchboard.bridge.http;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.BridgeConfig.HttpConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the bridge's listeners: the API on every event loop, and the management listener when
 * {@code management.port} is set. Each returns once it listens, or throws naming the address.
 */
public final class HttpListeners {
  private HttpListeners() {}

  /**
   * {@code http.port}, or a free loopback port when it is 0: the connection cap needs the port
   * before Vert.x starts.
   */
  public static int apiPort(HttpConfig http) {
    return http.port() == 0 ? freePort() : http.port();
  }

  /** The management listener, when {@code management.port} is set. */
  public static Optional<ManagementServer> startManagement(
      Vertx vertx, BridgeConfig config, BridgeRouter.Parts parts) throws InterruptedException {
    if (!config.management().enabled()) {
      return Optional.empty();
    }
    return Optional.of(
        ManagementServer.start(
            vertx,
            BridgeRouter.management(vertx, parts),
            config.management(),
            config.http().idleTimeout()));
  }

  /**
   * One API verticle per event loop, all on {@code port}.
   *
   * @param connectionLimit sees every new connection first
   */
  public static void startApi(
      Vertx vertx, BridgeConfig config, int port, Router router, ConnectionLimit connectionLimit)
      throws InterruptedException {
    HttpServerOptions api =
        HttpVerticle.apiOptions(
            config.http().host(),
            port,
            config.http().idleTimeout(),
            config.subscriptions().maxMessageBytes());
    try {
      vertx
          .deployVerticle(
              () -> new HttpVerticle(router, api, connectionLimit),
              new DeploymentOptions().setInstances(config.http().eventLoops()))
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException cannotListen) {
      Throwable cause = cannotListen.getCause() != null ? cannotListen.getCause() : cannotListen;
      throw new IllegalStateException(
          "cannot listen on "
              + config.http().host()
              + ":"
              + config.http().port()
              + ": "
              + cause.getMessage(),
          cause);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }
}
