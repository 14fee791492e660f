package dev.switchboard.bridge.subscriptions;

import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.bridge.schema.SubscribeBinding;
import dev.switchboard.subjects.ErrorCode;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;

/**
 * Opens subscriptions against NATS: core subjects through shared per-subject subscriptions, streams
 * through a per-client ordered consumer (created on a worker thread: it is a blocking round trip).
 * Every failure to open is a coded error the client sees as a GraphQL error, never a stack trace.
 */
public final class Subscriptions implements AutoCloseable {
  private final Supplier<Connection> connection;
  private final SubjectFanout fanout;
  private final ExecutorService creating =
      Executors.newFixedThreadPool(
          2,
          runnable -> {
            Thread thread = new Thread(runnable, "switchboard-consumers");
            thread.setDaemon(true);
            return thread;
          });
  private Dispatcher streamDispatcher;

  public Subscriptions(Supplier<Connection> connection) {
    this.connection = connection;
    this.fanout = new SubjectFanout(connection);
  }

  /**
   * Opens a subscription; the session's slot is already taken and is given back on failure.
   *
   * @param fromSequence replay start (stream subscriptions), or null
   * @param since replay start time (stream subscriptions), or null
   */
  public CompletableFuture<Publisher<Object>> open(
      SubscribeBinding binding,
      List<String> subjects,
      Map<String, Object> arguments,
      Long fromSequence,
      Instant since,
      SubscriptionSession session) {
    EventPublisher publisher = new EventPublisher(session, binding.filters(), arguments);
    if (!binding.stream()) {
      try {
        publisher.attach(CoreEventSource.listen(fanout, subjects, publisher::offer));
      } catch (IllegalStateException notConnected) {
        session.release();
        return CompletableFuture.failedFuture(unavailable("NATS is not connected"));
      }
      session.metrics().started();
      return CompletableFuture.completedFuture(publisher);
    }
    CompletableFuture<Publisher<Object>> opened = new CompletableFuture<>();
    try {
      creating.execute(
          () ->
              openStream(
                  binding.streamName(),
                  subjects.get(0),
                  fromSequence,
                  since,
                  publisher,
                  session,
                  opened));
    } catch (RejectedExecutionException shuttingDown) {
      session.release();
      opened.completeExceptionally(unavailable("shutting down"));
    }
    return opened;
  }

  private void openStream(
      String streamName,
      String subject,
      Long fromSequence,
      Instant since,
      EventPublisher publisher,
      SubscriptionSession session,
      CompletableFuture<Publisher<Object>> opened) {
    try {
      Connection current = connection.get();
      if (current == null || current.getStatus() != Connection.Status.CONNECTED) {
        throw unavailable("NATS is not connected");
      }
      StreamEventSource source =
          new StreamEventSource(
              current.jetStream(),
              streamDispatcher(current),
              streamName,
              subject,
              fromSequence,
              since);
      source.create(publisher::offer);
      publisher.attach(source);
      session.metrics().started();
      opened.complete(publisher);
    } catch (JetStreamApiException refused) {
      session.release();
      opened.completeExceptionally(
          new BridgeException(
              ErrorCode.SERVICE_UNAVAILABLE,
              "No stream stores this subject right now.",
              Map.of(),
              "JetStream: " + refused.getMessage(),
              null));
    } catch (IOException | RuntimeException failed) {
      session.release();
      opened.completeExceptionally(
          failed instanceof BridgeException known
              ? known
              : unavailable("cannot create the stream consumer: " + failed));
    }
  }

  private synchronized Dispatcher streamDispatcher(Connection current) {
    if (streamDispatcher == null) {
      streamDispatcher = current.createDispatcher();
    }
    return streamDispatcher;
  }

  /** Distinct core subjects with NATS interest right now. */
  public int sharedSubjects() {
    return fanout.subjects();
  }

  private static BridgeException unavailable(String detail) {
    return new BridgeException(
        ErrorCode.SERVICE_UNAVAILABLE,
        "The NATS backbone is not reachable right now.",
        Map.of(),
        detail,
        null);
  }

  @Override
  public void close() {
    creating.shutdownNow();
    fanout.close();
  }
}
