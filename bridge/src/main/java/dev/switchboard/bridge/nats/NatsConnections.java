package dev.switchboard.bridge.nats;

import dev.switchboard.bridge.config.NatsConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Every configured NATS connection by name ({@code default} is the {@code nats:} block), each
 * connecting in the background. Readiness and metrics are per connection.
 */
public final class NatsConnections implements AutoCloseable {
  private final Map<String, NatsClient> byName;
  private final ScheduledExecutorService sampling =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "switchboard-nats-sampling");
            thread.setDaemon(true);
            return thread;
          });

  private NatsConnections(Map<String, NatsClient> byName) {
    this.byName = byName;
    sampling.scheduleWithFixedDelay(
        () -> byName.values().forEach(NatsClient::samplePendingBytes), 1, 1, TimeUnit.SECONDS);
  }

  /**
   * Starts every connection; returns at once.
   *
   * @param decodeEvent turns a subscribed message's payload into the event its listeners get
   */
  public static NatsConnections start(NatsConfig config, Function<byte[], Object> decodeEvent) {
    return start(config, decodeEvent, DeliveryTracer.NONE);
  }

  /**
   * @param deliveries told of every message a shared subscription delivers (tracing)
   */
  public static NatsConnections start(
      NatsConfig config, Function<byte[], Object> decodeEvent, DeliveryTracer deliveries) {
    Map<String, NatsClient> clients = new LinkedHashMap<>();
    try {
      config
          .byName()
          .forEach(
              (name, block) ->
                  clients.put(name, NatsClient.start(name, block, decodeEvent, deliveries)));
    } catch (RuntimeException refused) {
      // a later block's files are unusable: the connections already started must not linger
      new NatsConnections(clients).closeQuietly();
      throw refused;
    }
    return new NatsConnections(clients);
  }

  /** The connection a field names; names were checked against the config at load. */
  public NatsClient get(String name) {
    NatsClient client = byName.get(name);
    if (client == null) {
      throw new IllegalArgumentException("no NATS connection named '" + name + "'");
    }
    return client;
  }

  /** The {@code nats:} block's connection, where the bridge's own responders live. */
  public NatsClient primary() {
    return get(NatsConfig.DEFAULT);
  }

  public Collection<NatsClient> all() {
    return byName.values();
  }

  /** Every connection is up and its start-up actions ran. */
  public boolean isReady() {
    return byName.values().stream().allMatch(NatsClient::isReady);
  }

  /** Each connection's state, for {@code /readyz}. */
  public Map<String, String> states() {
    Map<String, String> states = new LinkedHashMap<>();
    byName.forEach((name, client) -> states.put(name, client.state()));
    return states;
  }

  /** Waits for every connection and its start-up actions; false on timeout. */
  public boolean awaitConnected(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (NatsClient client : byName.values()) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      if (!client.connector().awaitConnected(left)) {
        return false;
      }
    }
    return true;
  }

  /** Connection state, reconnects, pending bytes and slow-consumer events, tagged by name. */
  public void bindMetrics(MeterRegistry registry) {
    for (NatsClient client : byName.values()) {
      String name = client.name();
      Gauge.builder("switchboard_nats_connected", client, c -> c.isConnected() ? 1 : 0)
          .description("1 while the NATS connection is up")
          .tag("connection", name)
          .register(registry);
      Gauge.builder("switchboard_nats_pending_bytes", client, NatsClient::pendingBytes)
          .description("Bytes waiting to be written to NATS")
          .tag("connection", name)
          .register(registry);
      FunctionCounter.builder("switchboard_nats_reconnects", client, NatsClient::reconnects)
          .description("Times the NATS connection came back after dropping")
          .tag("connection", name)
          .register(registry);
      FunctionCounter.builder(
              "switchboard_nats_slow_consumer_events", client, NatsClient::slowConsumerEvents)
          .description("Times the NATS client dropped messages a subscriber could not keep up with")
          .tag("connection", name)
          .register(registry);
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    sampling.shutdownNow();
    for (NatsClient client : byName.values()) {
      client.close();
    }
  }
}
