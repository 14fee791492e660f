package dev.switchboard.bridge.nats;

import dev.switchboard.bridge.config.NatsConfig;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * One NATS connection of the bridge. It connects in the background and reconnects as {@code
 * nats.reconnect} says (forever by default), so the bridge can start before NATS is reachable;
 * {@code /readyz} says when it is connected.
 */
final class NatsConnector implements AutoCloseable, NatsEvents.Receiver {
  private final AtomicReference<Connection> connection = new AtomicReference<>();

  /** The connection jnats is still trying to establish (closing it stops the attempts). */
  private final AtomicReference<Connection> attempting = new AtomicReference<>();

  private final CountDownLatch firstConnect = new CountDownLatch(1);
  private final CompletableFuture<Connection> established = new CompletableFuture<>();
  private volatile CompletableFuture<Void> startUp = CompletableFuture.completedFuture(null);
  private volatile boolean closed;
  private volatile CompletableFuture<Void> back = new CompletableFuture<>();
  private final AtomicLong slowConsumers = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private Runnable onDisconnected = () -> {};
  private Thread connecting;

  private NatsConnector() {}

  /**
   * Starts connecting in the background; returns at once.
   *
   * @param onDisconnected told (on a NATS client thread) each time the connection drops
   */
  static NatsConnector start(String name, NatsConfig config, Runnable onDisconnected) {
    NatsConnector connector = new NatsConnector();
    connector.onDisconnected = onDisconnected;
    Options options = options(name, config, connector);
    connector.connecting = new Thread(() -> connector.connectLoop(options), "nats-connect");
    connector.connecting.setDaemon(true);
    connector.connecting.start();
    return connector;
  }

  private void connectLoop(Options options) {
    try {
      Connection established = Nats.connectReconnectOnConnect(options);
      if (closed) {
        established.close();
      }
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    } catch (Exception failed) {
      LoggerFactory.getLogger(NatsConnector.class)
          .error("cannot connect to NATS: {}", failed.toString());
    }
  }

  static Options options(String name, NatsConfig config, NatsConnector connector) {
    NatsEvents events = new NatsEvents(config.name(), connector);
    return ConnectionOptions.from(name, config)
        .connectionListener(events)
        .errorListener(events)
        .build();
  }

  @Override
  public void connected(Connection current) {
    connection.set(current);
    back.complete(null);
    firstConnect.countDown();
    established.complete(current);
  }

  @Override
  public void disconnected() {
    if (back.isDone()) {
      back = new CompletableFuture<>();
    }
    onDisconnected.run();
  }

  @Override
  public void reconnected() {
    reconnects.incrementAndGet();
  }

  @Override
  public void slowConsumer() {
    slowConsumers.incrementAndGet();
  }

  @Override
  public void attempted(Connection attempt) {
    attempting.compareAndSet(null, attempt);
    if (closed) {
      // closed while jnats kept trying; not on jnats's own thread, which is reporting this
      Thread stop = new Thread(() -> closeQuietly(attempt), "nats-stop-attempts");
      stop.setDaemon(true);
      stop.start();
    }
  }

  private static void closeQuietly(Connection attempt) {
    try {
      attempt.close();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Completes when the connection is (back) up; already complete while connected. */
  CompletableFuture<Void> whenBack() {
    return back;
  }

  /** Times the connection came back after dropping. */
  long reconnects() {
    return reconnects.get();
  }

  /** Slow-consumer events so far (messages the client dropped). */
  long slowConsumerEvents() {
    return slowConsumers.get();
  }

  /**
   * Runs {@code action} once, with the connection, when it first exists (off the NATS client's own
   * threads, so the action may block briefly, e.g. to start a responder). The bridge is not ready
   * until it has run: a service asking the JWKS subject right after /readyz said 200 found no
   * responder.
   */
  public synchronized void whenConnected(Consumer<Connection> action) {
    CompletableFuture<Void> done =
        established
            .thenAcceptAsync(action)
            .exceptionally(
                failed -> {
                  LoggerFactory.getLogger(NatsConnector.class)
                      .error("start-up action on NATS connect failed", failed);
                  return null;
                });
    startUp = CompletableFuture.allOf(startUp, done);
  }

  /** Connected now, and every start-up action has run. */
  public boolean isReady() {
    return isConnected() && startUp.isDone();
  }

  /** The connection once established (it may be reconnecting), else null. */
  public Connection current() {
    return connection.get();
  }

  public boolean isConnected() {
    Connection current = connection.get();
    return current != null && current.getStatus() == Connection.Status.CONNECTED;
  }

  /**
   * Waits for the first connection and the start-up actions; false if they did not come within
   * {@code timeout}.
   */
  public boolean awaitConnected(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!firstConnect.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return false;
    }
    try {
      startUp.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException | ExecutionException notYet) {
      return false;
    }
  }

  /** Drains: in-flight requests get their replies, then the connection closes. */
  @Override
  public void close() throws InterruptedException {
    closed = true;
    Connection current = connection.get();
    if (current == null) {
      connecting.interrupt();
      Connection attempt = attempting.get();
      if (attempt != null) {
        closeQuietly(attempt); // the interrupt alone does not stop jnats's attempts
      }
      return;
    }
    try {
      current.drain(Duration.ofSeconds(5)).get(6, TimeUnit.SECONDS);
    } catch (Exception drainFailed) {
      current.close();
    }
  }
}
