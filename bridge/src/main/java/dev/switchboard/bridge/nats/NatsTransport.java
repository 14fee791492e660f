package dev.switchboard.bridge.nats;

import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.Interceptor;
import dev.switchboard.bridge.chain.NatsReply;
import dev.switchboard.bridge.chain.NatsRequest;
import dev.switchboard.bridge.chain.Scheduler;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import io.nats.client.Connection;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The last interceptor: sends with jnats and turns what comes back into a reply or a coded failure.
 * The only place that knows how NATS reports "no responders", service errors and stream
 * acknowledgements. Three kinds of call:
 *
 * <ul>
 *   <li>request: request/reply, the reply is the answer;
 *   <li>core publish: publish, then a (shared) flush confirms the server has it;
 *   <li>stream publish: a request to the stream's subject whose reply is the PubAck; each attempt
 *       gets its share of the deadline, so a hung attempt leaves time for a retry with the same
 *       {@code Nats-Msg-Id} (the stream stores it once).
 * </ul>
 *
 * <p>Each call goes out on the connection its field names. An attempt waiting for a reply when its
 * connection drops ends at once with {@link dev.switchboard.bridge.chain.ConnectionLost}.
 */
public final class NatsTransport implements Interceptor, AutoCloseable {
  /**
   * jnats's own timeout is only a backstop for its periodic sweep; the bridge's deadline timer
   * fires first, so the jnats timeout is set a little later.
   */
  static final Duration SWEEP_SLACK = Duration.ofSeconds(1);

  private final NatsConnections connections;
  private final Scheduler scheduler;
  private final Duration ackWait;
  private final FlushCoalescer flushes;

  public NatsTransport(NatsConnections connections, Scheduler scheduler, Duration ackWait) {
    this.connections = connections;
    this.scheduler = scheduler;
    this.ackWait = ackWait;
    this.flushes = new FlushCoalescer(ackWait);
  }

  @Override
  public CompletionStage<NatsReply> intercept(Chain chain) {
    NatsClient client = connections.get(chain.call().connection());
    Connection connection = client.connector().current();
    if (connection == null || connection.getStatus() != Connection.Status.CONNECTED) {
      // fail fast: nothing would be sent before the reconnect
      return CompletableFuture.failedFuture(
          unavailable("NATS connection '" + client.name() + "' is not connected", chain));
    }
    NatsRequest request = chain.request();
    Headers headers = new Headers();
    request.forEachHeader(headers::put);
    Message message =
        NatsMessage.builder()
            .subject(request.subject())
            .headers(headers)
            .data(request.body())
            .build();
    CallContext call = chain.call();
    try {
      if (call.action() == CallContext.Action.PUBLISH && !call.jetStream()) {
        connection.publish(message);
        return flushes
            .afterPublish(connection)
            .handle(
                (flushed, error) -> {
                  if (error != null) {
                    throw new BridgeException(
                        ErrorCode.TIMEOUT,
                        "NATS did not confirm the publish in time.",
                        Map.of(),
                        "flush after publishing to " + request.subject() + " failed: " + error,
                        null);
                  }
                  return PublishAcks.CORE_OK;
                });
      }
      return call.jetStream()
          ? streamPublish(client, connection, message, chain)
          : request(client, connection, message, chain);
    } catch (IllegalStateException closedOrDraining) {
      return CompletableFuture.failedFuture(
          unavailable("NATS connection " + closedOrDraining.getMessage(), chain));
    }
  }

  private CompletionStage<NatsReply> request(
      NatsClient client, Connection connection, Message message, Chain chain) {
    CompletableFuture<Message> pending =
        connection.requestWithTimeout(message, chain.remaining().plus(SWEEP_SLACK));
    chain.onCancel(() -> pending.cancel(false));
    CompletableFuture<NatsReply> result = new CompletableFuture<>();
    client.inFlight().track(result, () -> pending.cancel(false));
    pending.whenComplete(
        (reply, error) -> {
          try {
            if (error != null) {
              throw failure(error, chain);
            }
            result.complete(ServiceReplies.interpret(reply, chain));
          } catch (RuntimeException failed) {
            result.completeExceptionally(failed);
          }
        });
    return result;
  }

  private CompletionStage<NatsReply> streamPublish(
      NatsClient client, Connection connection, Message message, Chain chain) {
    Duration budget = attemptBudget(chain);
    CompletableFuture<Message> pending =
        connection.requestWithTimeout(message, budget.plus(SWEEP_SLACK));
    chain.onCancel(() -> pending.cancel(false));
    CompletableFuture<NatsReply> result = new CompletableFuture<>();
    client.inFlight().track(result, () -> pending.cancel(false));
    Scheduler.Cancellable timer =
        scheduler.schedule(
            budget,
            () -> {
              if (result.completeExceptionally(
                  new BridgeException(
                      ErrorCode.TIMEOUT,
                      "The stream did not acknowledge the publish in time.",
                      Map.of(),
                      "no PubAck on "
                          + message.getSubject()
                          + " within "
                          + budget.toMillis()
                          + " ms",
                      null))) {
                pending.cancel(false);
              }
            });
    pending.whenComplete(
        (reply, error) -> {
          timer.cancel();
          try {
            if (error != null) {
              throw failure(error, chain);
            }
            result.complete(PublishAcks.interpret(reply, chain.request().subject()));
          } catch (RuntimeException failed) {
            result.completeExceptionally(failed);
          }
        });
    return result;
  }

  /** This attempt's share of what is left: the deadline split over the attempts that remain. */
  private Duration attemptBudget(Chain chain) {
    CallContext call = chain.call();
    int attemptsLeft =
        call.retryable() ? Math.max(1, call.policy().retries() - chain.attempt() + 2) : 1;
    Duration share = chain.remaining().dividedBy(attemptsLeft);
    return share.compareTo(ackWait) < 0 ? share : ackWait;
  }

  private static BridgeException failure(Throwable error, Chain chain) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof JetStreamStatusException status && status.getStatus().getCode() == 503) {
      String message =
          chain.call().jetStream()
              ? "No stream stores this subject right now."
              : "No service is answering this field right now.";
      return new BridgeException(
          ErrorCode.SERVICE_UNAVAILABLE,
          message,
          Map.of(),
          "no responders on " + chain.request().subject(),
          null);
    }
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return new BridgeException(
          ErrorCode.TIMEOUT,
          "The service did not reply in time.",
          Map.of(),
          "jnats timeout on " + chain.request().subject(),
          null);
    }
    // Cancelled by the connection closing (our own deadline already answered the caller otherwise).
    return unavailable("request abandoned: " + cause, chain);
  }

  static BridgeException unavailable(String detail, Chain chain) {
    return new BridgeException(
        ErrorCode.SERVICE_UNAVAILABLE,
        "The NATS backbone is not reachable right now.",
        Map.of(),
        detail + " (subject " + chain.request().subject() + ")",
        null);
  }

  @Override
  public void close() {
    flushes.close();
  }

  @Override
  public String toString() {
    return "nats-transport";
  }
}
