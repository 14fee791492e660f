package dev.switchboard.bridge.nats;

import dev.switchboard.bridge.config.NatsConfig;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ObjLongConsumer;
import java.util.function.UnaryOperator;

/**
 * One named NATS connection and what the bridge does over it besides calls (which go through {@link
 * NatsTransport}): shared core subscriptions, stream replays, and the bridge's own responders. Its
 * state feeds readiness and metrics.
 */
public final class NatsClient implements AutoCloseable {
  private final String name;
  private final NatsConnector connector;
  private final SubjectFanout fanout;
  private final InFlightCalls inFlight = new InFlightCalls();
  private final JetStreamOptions jetStreamOptions;
  private final DeliveryTracer deliveries;
  private volatile long pendingBytes;
  private Dispatcher replayDispatcher;

  private NatsClient(
      String name,
      NatsConfig config,
      Function<byte[], Object> decodeEvent,
      DeliveryTracer deliveries) {
    this.name = name;
    this.connector =
        NatsConnector.start(
            name, config, () -> inFlight.connectionLost(name, connector().whenBack()));
    this.fanout = new SubjectFanout(connector::current, decodeEvent, deliveries);
    this.deliveries = deliveries;
    this.jetStreamOptions = jetStreamOptions(config.jetStream());
  }

  /** Starts connecting in the background; returns at once. */
  static NatsClient start(
      String name,
      NatsConfig config,
      Function<byte[], Object> decodeEvent,
      DeliveryTracer deliveries) {
    return new NatsClient(name, config, decodeEvent, deliveries);
  }

  private static JetStreamOptions jetStreamOptions(NatsConfig.JetStream jetStream) {
    JetStreamOptions.Builder options = JetStreamOptions.builder();
    if (jetStream.domain() != null) {
      options.domain(jetStream.domain());
    } else if (jetStream.apiPrefix() != null) {
      options.prefix(jetStream.apiPrefix());
    }
    return options.build();
  }

  public String name() {
    return name;
  }

  NatsConnector connector() {
    return connector;
  }

  InFlightCalls inFlight() {
    return inFlight;
  }

  /**
   * Adds a listener for a core subject, sharing one NATS subscription per subject; the returned
   * handle removes it.
   *
   * @throws IllegalStateException when this connection is down
   */
  public Runnable listen(String subject, Consumer<Object> listener) {
    return fanout.listen(subject, listener);
  }

  /** Distinct core subjects with NATS interest right now. */
  public int sharedSubjects() {
    return fanout.subjects();
  }

  /**
   * Replays a stream from {@code start}, then follows it live; blocks for the consumer's creation
   * (call it off the event loop). {@code messages} gets each payload with its stream sequence.
   *
   * @throws NotConnected when this connection is down
   * @throws StreamRefused when no stream stores the subject or the server refused the consumer
   */
  public AutoCloseable replay(ReplayStart start, ObjLongConsumer<byte[]> messages)
      throws NotConnected, StreamRefused {
    Connection current = connected();
    try {
      JetStream jetStream = current.jetStream(jetStreamOptions);
      return StreamReplay.start(jetStream, replayDispatcher(current), start, messages, deliveries);
    } catch (JetStreamApiException refused) {
      throw new StreamRefused(refused.getMessage());
    } catch (IOException | IllegalStateException unreachable) {
      throw new NotConnected(name + ": " + unreachable.getMessage());
    }
  }

  /**
   * Starts a responder of the bridge's own (e.g. the JWKS service) once the connection first
   * exists; the bridge is not ready before it runs.
   *
   * @param started gets the responder, to stop it on shutdown
   */
  public void startResponder(
      String service,
      String version,
      UnaryOperator<Responder.Builder> endpoints,
      Consumer<Responder> started) {
    connector.whenConnected(
        connection ->
            started.accept(
                endpoints.apply(Responder.builder(connection, service, version)).start()));
  }

  /**
   * Checks (and, when the spec allows, creates) a stream once the connection first exists; the
   * bridge is not ready before it ran.
   *
   * @return completes when the stream is usable; fails with a message naming what is wrong
   */
  public CompletableFuture<Void> ensureStream(StreamSpec spec) {
    CompletableFuture<Void> checked = new CompletableFuture<>();
    connector.whenConnected(
        connection -> {
          try {
            StreamSetup.ensure(connection.jetStreamManagement(jetStreamOptions), spec);
            checked.complete(null);
          } catch (IOException | RuntimeException failed) {
            checked.completeExceptionally(failed);
          }
        });
    return checked;
  }

  /**
   * Publishes to a stream and waits for its acknowledgement, at most {@code wait}; nothing blocks.
   *
   * @return fails when this connection is down, no stream stores the subject, the stream refused
   *     the message or did not acknowledge it in time
   */
  public CompletableFuture<Void> streamPublish(
      String subject, Map<String, String> headers, byte[] body, Duration wait) {
    Connection current;
    try {
      current = connected();
    } catch (NotConnected down) {
      return CompletableFuture.failedFuture(down);
    }
    Headers natsHeaders = new Headers();
    headers.forEach(natsHeaders::put);
    Message message =
        NatsMessage.builder().subject(subject).headers(natsHeaders).data(body).build();
    CompletableFuture<Message> pending;
    try {
      pending = current.requestWithTimeout(message, wait.plus(NatsTransport.SWEEP_SLACK));
    } catch (IllegalStateException closedOrDraining) {
      return CompletableFuture.failedFuture(closedOrDraining);
    }
    return pending
        .orTimeout(wait.toNanos(), TimeUnit.NANOSECONDS)
        .thenAccept(reply -> PublishAcks.ack(reply, subject));
  }

  private synchronized Dispatcher replayDispatcher(Connection current) {
    if (replayDispatcher == null) {
      replayDispatcher = current.createDispatcher();
    }
    return replayDispatcher;
  }

  private Connection connected() throws NotConnected {
    Connection current = connector.current();
    if (current == null || current.getStatus() != Connection.Status.CONNECTED) {
      throw new NotConnected("NATS connection '" + name + "' is not connected");
    }
    return current;
  }

  public boolean isReady() {
    return connector.isReady();
  }

  public boolean isConnected() {
    return connector.isConnected();
  }

  /** Connection state for readiness and metrics: connected, reconnecting, or closed. */
  public String state() {
    Connection current = connector.current();
    if (current == null) {
      return "connecting";
    }
    return switch (current.getStatus()) {
      case CONNECTED -> connector.isReady() ? "connected" : "starting";
      case CLOSED -> "closed";
      default -> "reconnecting";
    };
  }

  /** Reconnects so far. */
  public long reconnects() {
    return connector.reconnects();
  }

  /** Bytes waiting to be written to the server, as last sampled. */
  public long pendingBytes() {
    return pendingBytes;
  }

  /**
   * Samples the bytes waiting to be written. jnats takes a lock for it that its reconnect holds, so
   * this runs on a sampling thread, never on an event loop serving {@code /metrics}.
   */
  void samplePendingBytes() {
    Connection current = connector.current();
    pendingBytes = current == null ? 0 : Math.max(0, current.outgoingPendingBytes());
  }

  public long slowConsumerEvents() {
    return connector.slowConsumerEvents();
  }

  @Override
  public void close() throws InterruptedException {
    fanout.close();
    connector.close();
  }

  /** This connection is down; nothing was sent. */
  public static final class NotConnected extends Exception {
    NotConnected(String detail) {
      super(detail, null, false, false);
    }
  }

  /** The server refused a stream consumer (no stream stores the subject, or a limit). */
  public static final class StreamRefused extends Exception {
    StreamRefused(String detail) {
      super(detail, null, false, false);
    }
  }
}
