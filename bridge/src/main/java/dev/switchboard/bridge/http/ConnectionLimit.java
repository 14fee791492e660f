package dev.switchboard.bridge.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code http.maxConnections}: open connections to the API port, across all event loops; one more
 * is closed the moment it arrives. Connections are counted by Vert.x's TCP metrics hooks (connected
 * / disconnected), not by {@link HttpConnection#closeHandler}: once a connection is upgraded to a
 * WebSocket, its HTTP connection object is replaced and never hears of the close, so a count kept
 * there would leak one per WebSocket.
 */
public final class ConnectionLimit implements Handler<HttpConnection> {
  private final int max;
  private final int port;
  private final AtomicInteger open = new AtomicInteger();
  private final Counter refused;

  /**
   * @param port the API port: connections to other servers (the management port) are not counted
   */
  public ConnectionLimit(int max, int port, MeterRegistry registry) {
    this.max = max;
    this.port = port;
    Gauge.builder("switchboard.http.connections.open", open, AtomicInteger::get)
        .description("Open connections to the API port")
        .register(registry);
    refused =
        Counter.builder("switchboard.http.connections.refused")
            .description("Connections closed on arrival because http.maxConnections were open")
            .register(registry);
  }

  /** Give it to {@code Vertx.builder().withMetrics(...)}: it feeds the count. */
  public VertxMetricsFactory metricsFactory() {
    return options -> new Counting();
  }

  @Override
  public void handle(HttpConnection connection) {
    if (open.get() > max) {
      refused.increment();
      connection.close();
    }
  }

  /** Vert.x's metrics hooks; only the two that see every TCP connection of the API port. */
  private final class Counting implements VertxMetrics {
    @Override
    public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(
        HttpServerOptions options, SocketAddress localAddress) {
      return options.getPort() == port ? new Connections() : null;
    }
  }

  private final class Connections implements HttpServerMetrics<Void, Void, Boolean> {
    @Override
    public Boolean connected(SocketAddress remoteAddress, String remoteName) {
      open.incrementAndGet();
      return Boolean.TRUE;
    }

    @Override
    public void disconnected(Boolean counted, SocketAddress remoteAddress) {
      if (counted != null) {
        open.decrementAndGet();
      }
    }
  }
}
