package dev.switchboard.bridge.deploy;

import dev.switchboard.bridge.config.ManagementConfig;
import dev.switchboard.bridge.http.BridgeRouter;
import dev.switchboard.bridge.http.Draining;
import dev.switchboard.bridge.http.ManagementServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bridge's real management listener (the routes {@code BridgeRouter.management} serves), with
 * NATS up or down and draining or not: what a probe path answers in each state.
 */
final class ManagementEndpoints implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client = HttpClient.newHttpClient();

  /** The state the listener reports. */
  enum State {
    SERVING(Map.of("default", "connected"), false),
    NATS_DOWN(Map.of("default", "reconnecting"), false),
    DRAINING(Map.of("default", "connected"), true);

    final Map<String, String> connections;
    final boolean draining;

    State(Map<String, String> connections, boolean draining) {
      this.connections = connections;
      this.draining = draining;
    }
  }

  /** The status {@code GET path} gets in that state (404: not a route). */
  int status(String path, State state) throws Exception {
    Draining draining = new Draining();
    if (state.draining) {
      draining.start();
    }
    BridgeRouter.Parts parts =
        new BridgeRouter.Parts(
            null,
            null,
            null,
            null,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            () -> state.connections,
            draining,
            null,
            router -> {},
            null);
    ManagementServer server =
        ManagementServer.start(
            vertx,
            BridgeRouter.management(vertx, parts),
            new ManagementConfig("127.0.0.1", 0),
            Duration.ofSeconds(5));
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
              .timeout(Duration.ofSeconds(5))
              .build();
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException unreachable) {
      throw new AssertionError("the management listener did not answer " + path, unreachable);
    } finally {
      server.close();
    }
  }

  @Override
  public void close() throws ExecutionException, TimeoutException {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
