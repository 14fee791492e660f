package dev.switchboard.bridge.nats;

import dev.switchboard.bridge.chain.Interceptor;
import dev.switchboard.bridge.chain.NatsReply;
import dev.switchboard.bridge.chain.NatsRequest;
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
import java.util.concurrent.CompletionStage;

/**
 * The last interceptor: sends the request with jnats and turns what comes back into a reply or a
 * coded failure. The only place that knows how NATS reports "no responders" and service errors.
 */
public final class NatsTransport implements Interceptor {
  /**
   * jnats's own timeout is only a backstop for its periodic sweep; the bridge's deadline timer fires
   * first, so the jnats timeout is set a little later.
   */
  private static final Duration SWEEP_SLACK = Duration.ofSeconds(1);
  private final NatsConnector connector;

  public NatsTransport(NatsConnector connector) {
    this.connector = connector;
  }

  @Override
  public CompletionStage<NatsReply> intercept(Chain chain) {
    Connection connection = connector.current();
    if (connection == null || connection.getStatus() != Connection.Status.CONNECTED) {
      return CompletableFuture.failedFuture(unavailable("NATS is not connected", chain));
    }
    NatsRequest request = chain.request();
    Headers headers = new Headers();
    request.headers().forEach(headers::put);
    Message message = NatsMessage.builder()
        .subject(request.subject()).headers(headers).data(request.body()).build();
    CompletableFuture<Message> pending;
    try {
      pending = connection.requestWithTimeout(message, chain.remaining().plus(SWEEP_SLACK));
    } catch (IllegalStateException closedOrDraining) {
      return CompletableFuture.failedFuture(unavailable("NATS connection " + closedOrDraining.getMessage(), chain));
    }
    chain.onCancel(() -> pending.cancel(false));
    return pending.handle((reply, error) -> {
      if (error != null) {
        throw failure(error, chain);
      }
      return ServiceReplies.interpret(reply, chain);
    });
  }

  private static BridgeException failure(Throwable error, Chain chain) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (cause instanceof JetStreamStatusException status && status.getStatus().getCode() == 503) {
      return new BridgeException(ErrorCode.SERVICE_UNAVAILABLE, "No service is answering this field right now.",
          Map.of(), "no responders on " + chain.request().subject(), null);
    }
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return new BridgeException(ErrorCode.TIMEOUT, "The service did not reply in time.", Map.of(),
          "jnats timeout on " + chain.request().subject(), null);
    }
    // Cancelled by the connection closing (our own deadline already answered the caller otherwise).
    return unavailable("request abandoned: " + cause, chain);
  }

  static BridgeException unavailable(String detail, Chain chain) {
    return new BridgeException(ErrorCode.SERVICE_UNAVAILABLE, "The NATS backbone is not reachable right now.",
        Map.of(), detail + " (subject " + chain.request().subject() + ")", null);
  }

  @Override
  public String toString() {
    return "nats-transport";
  }
}
