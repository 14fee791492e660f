package dev.switchboard.bridge.subscriptions;

import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.CallPipeline;
import dev.switchboard.bridge.chain.NatsRequest;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.bridge.nats.NatsClient;
import dev.switchboard.bridge.nats.NatsConnections;
import dev.switchboard.bridge.nats.ReplayStart;
import dev.switchboard.bridge.schema.SubscribeBinding;
import dev.switchboard.subjects.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import org.reactivestreams.Publisher;

/**
 * Opens subscriptions against NATS: core subjects through shared per-subject subscriptions, streams
 * through a per-client ordered consumer (created on a worker thread: it is a blocking round trip).
 * Each subject is opened through the call pipeline's per-call part, so it is authorized and audited
 * where requests are. Every failure to open is a coded error the client sees as a GraphQL error,
 * never a stack trace.
 */
public final class Subscriptions implements AutoCloseable {
  private static final byte[] NO_BODY = new byte[0];
  private final NatsConnections connections;
  private final CallPipeline pipeline;
  private final SubscriptionGroups groups = new SubscriptionGroups();
  private final ExecutorService creating =
      Executors.newFixedThreadPool(
          2,
          runnable -> {
            Thread thread = new Thread(runnable, "switchboard-consumers");
            thread.setDaemon(true);
            return thread;
          });

  public Subscriptions(NatsConnections connections, CallPipeline pipeline) {
    this.connections = connections;
    this.pipeline = pipeline;
  }

  /** Turns a subscribed message's payload into an event (once, however many listen). */
  public static Object decode(byte[] payload) {
    return Events.parse(payload);
  }

  /**
   * Opens a subscription; the session's slot is already taken and is given back on failure.
   *
   * @param call who subscribes, for which field, on which connection
   * @param fromSequence replay start (stream subscriptions), or null
   * @param since replay start time (stream subscriptions), or null
   */
  public CompletableFuture<Publisher<Object>> open(
      SubscribeBinding binding,
      CallContext call,
      List<String> subjects,
      Map<String, Object> arguments,
      Long fromSequence,
      Instant since,
      SubscriptionSession session) {
    EventPublisher publisher = new EventPublisher(session, binding.filters(), arguments);
    NatsClient client = connections.get(binding.connection());
    CompletionStage<? extends EventSource> opened =
        binding.stream()
            ? pipeline.open(
                call,
                new NatsRequest(subjects.get(0), NO_BODY),
                request ->
                    openStream(
                        client,
                        new ReplayStart(
                            request.subject(), binding.streamName(), fromSequence, since),
                        publisher))
            : openCore(client, call, subjects, publisher);
    return opened
        .<Publisher<Object>>thenApply(
            source -> {
              publisher.attach(source);
              session.metrics().started();
              return publisher;
            })
        .whenComplete(
            (ok, failed) -> {
              if (failed != null) {
                session.release();
              }
            })
        .toCompletableFuture();
  }

  /**
   * Joins the group of identical core subscriptions, or founds it. Each subject is authorized (and
   * audited) for this subscriber as for an own subscription; the group's NATS interest is opened by
   * its own execution, which {@code start} starts for a new group. The session's slot is already
   * taken and is given back on failure or when the member ends.
   *
   * @param key what the execution depends on (document, variables, caller identity, engine); the
   *     group's key adds the subjects as authorized
   */
  public CompletableFuture<Publisher<Object>> join(
      Object key,
      SubscribeBinding binding,
      CallContext call,
      List<String> subjects,
      SubscriptionSession session,
      EncodedSink sink,
      BiConsumer<Group, SubscriptionSession> start) {
    CompletionStage<List<String>> authorized = CompletableFuture.completedFuture(List.of());
    for (String subject : subjects) {
      authorized =
          authorized.thenCompose(
              sofar ->
                  pipeline
                      .open(
                          call,
                          new NatsRequest(subject, NO_BODY),
                          request -> CompletableFuture.completedFuture(request.subject()))
                      .thenApply(opened -> append(sofar, opened)));
    }
    return authorized
        .whenComplete(
            (ok, refused) -> {
              if (refused != null) {
                session.release(); // a member's slot is given back when the member ends
              }
            })
        .thenCompose(
            opened -> groups.join(List.of(key, binding.connection(), opened), session, sink, start))
        .toCompletableFuture();
  }

  private static List<String> append(List<String> sofar, String subject) {
    List<String> more = new ArrayList<>(sofar);
    more.add(subject);
    return more;
  }

  /** Live groups of identical subscriptions (for tests). */
  public int groups() {
    return groups.size();
  }

  /** One listener per subject, each opened (and authorized) on its own; all or nothing. */
  private CompletionStage<CoreEventSource> openCore(
      NatsClient client, CallContext call, List<String> subjects, EventPublisher publisher) {
    CoreEventSource source = new CoreEventSource();
    CompletionStage<CoreEventSource> chain = CompletableFuture.completedFuture(source);
    for (String subject : subjects) {
      chain =
          chain.thenCompose(
              sofar ->
                  pipeline
                      .open(
                          call,
                          new NatsRequest(subject, NO_BODY),
                          request -> listen(client, request.subject(), publisher))
                      .thenApply(
                          leave -> {
                            sofar.add(leave);
                            return sofar;
                          }));
    }
    return chain.whenComplete(
        (done, failed) -> {
          if (failed != null) {
            source.close();
          }
        });
  }

  private static CompletionStage<Runnable> listen(
      NatsClient client, String subject, EventPublisher publisher) {
    try {
      return CompletableFuture.completedFuture(client.listen(subject, publisher::offer));
    } catch (IllegalStateException notConnected) {
      return CompletableFuture.failedFuture(unavailable("NATS is not connected"));
    }
  }

  private CompletionStage<EventSource> openStream(
      NatsClient client, ReplayStart start, EventPublisher publisher) {
    CompletableFuture<EventSource> opened = new CompletableFuture<>();
    try {
      creating.execute(
          () -> {
            try {
              AutoCloseable replay =
                  client.replay(
                      start,
                      (payload, sequence) ->
                          publisher.offer(new StreamEvent(Events.parse(payload), sequence)));
              opened.complete(() -> closeQuietly(replay));
            } catch (NatsClient.StreamRefused refused) {
              opened.completeExceptionally(
                  new BridgeException(
                      ErrorCode.SERVICE_UNAVAILABLE,
                      "No stream stores this subject right now.",
                      Map.of(),
                      "JetStream: " + refused.getMessage(),
                      null));
            } catch (NatsClient.NotConnected | RuntimeException failed) {
              opened.completeExceptionally(
                  unavailable("cannot create the stream consumer: " + failed.getMessage()));
            }
          });
    } catch (RejectedExecutionException shuttingDown) {
      opened.completeExceptionally(unavailable("shutting down"));
    }
    return opened;
  }

  private static void closeQuietly(AutoCloseable replay) {
    try {
      replay.close();
    } catch (Exception alreadyGone) {
      // the connection is closing; the consumer goes with it
    }
  }

  /** Distinct core subjects with NATS interest right now, over every connection. */
  public int sharedSubjects() {
    return connections.all().stream().mapToInt(NatsClient::sharedSubjects).sum();
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
  }
}
