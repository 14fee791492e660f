package dev.switchboard.bridge.http;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.graphql.GraphQLEngine;
import dev.switchboard.bridge.graphql.RequestContext;
import dev.switchboard.bridge.support.Json;
import dev.switchboard.subjects.ErrorCode;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * GraphQL over SSE, distinct-connections mode (the graphql-sse protocol): one operation per
 * request, each result an {@code event: next}, then {@code event: complete}. Queries and mutations
 * give one result; subscriptions stream until the client goes away, the token expires, or the
 * client falls too far behind. Comment lines keep idle streams alive through proxies.
 */
final class SseStream implements Subscriber<ExecutionResult> {
  static final String MEDIA_TYPE = "text/event-stream";
  private final HttpServerResponse response;
  private final RequestContext context;
  private final Vertx vertx;
  private Subscription subscription;
  private long keepAliveTimer = -1;
  private long expiryTimer = -1;
  private boolean finished;

  private SseStream(HttpServerResponse response, RequestContext context, Vertx vertx) {
    this.response = response;
    this.context = context;
    this.vertx = vertx;
  }

  /** Starts the event stream for an already validated operation. */
  static void start(
      Vertx vertx,
      GraphQLEngine engine,
      HttpServerResponse response,
      ExecutionInput input,
      RequestContext context,
      Duration keepAlive) {
    SseStream stream = new SseStream(response, context, vertx);
    response
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", MEDIA_TYPE + "; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    response.write(":\n\n");
    response.closeHandler(ignored -> stream.clientGone());
    stream.keepAliveTimer =
        vertx.setPeriodic(
            keepAlive.toMillis(),
            ignored -> {
              if (!stream.finished && !stream.response.writeQueueFull()) {
                stream.response.write(":\n\n");
              }
            });
    stream.expiryTimer = stream.expiryTimer(context.caller());
    engine
        .execute(input)
        .whenComplete(
            (result, failure) ->
                context
                    .resultExecutor()
                    .execute(
                        () -> {
                          if (failure != null) {
                            stream.error(
                                ErrorCode.INTERNAL,
                                "Internal error; the bridge's log has the details under this correlation id.");
                          } else if (result.getData() instanceof Publisher<?> events) {
                            @SuppressWarnings("unchecked")
                            Publisher<ExecutionResult> results =
                                (Publisher<ExecutionResult>) events;
                            results.subscribe(stream);
                          } else {
                            stream.next(result);
                            stream.complete();
                          }
                        }));
  }

  private long expiryTimer(Caller caller) {
    if (caller.expiresAt() == null) {
      return -1;
    }
    long millis = Math.max(1, Duration.between(Instant.now(), caller.expiresAt()).toMillis());
    return vertx.setTimer(
        millis,
        ignored ->
            context
                .resultExecutor()
                .execute(
                    () -> {
                      if (subscription != null) {
                        subscription.cancel();
                      }
                      error(ErrorCode.UNAUTHENTICATED, "The token has expired.");
                    }));
  }

  @Override
  public void onSubscribe(Subscription s) {
    context
        .resultExecutor()
        .execute(
            () -> {
              subscription = s;
              if (finished) {
                s.cancel();
              } else {
                s.request(1);
              }
            });
  }

  @Override
  public void onNext(ExecutionResult result) {
    context
        .resultExecutor()
        .execute(
            () -> {
              next(result);
              if (!finished) {
                subscription.request(1);
              }
            });
  }

  @Override
  public void onError(Throwable failure) {
    context
        .resultExecutor()
        .execute(
            () ->
                error(
                    ErrorCode.INTERNAL,
                    "Internal error; the bridge's log has the details under this correlation id."));
  }

  @Override
  public void onComplete() {
    context.resultExecutor().execute(this::complete);
  }

  private void next(ExecutionResult result) {
    if (!finished) {
      write("next", Json.bytes(result.toSpecification()));
    }
  }

  private void error(ErrorCode code, String message) {
    if (finished) {
      return;
    }
    Map<String, Object> extensions =
        Map.of("code", code.name(), "correlationId", context.correlationId());
    write(
        "next",
        Json.bytes(
            Map.of("errors", List.of(Map.of("message", message, "extensions", extensions)))));
    complete();
  }

  private void complete() {
    if (finished) {
      return;
    }
    write("complete", new byte[0]);
    finish();
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }

  private void clientGone() {
    if (subscription != null) {
      subscription.cancel();
    }
    finish();
  }

  private void finish() {
    finished = true;
    vertx.cancelTimer(keepAliveTimer);
    if (expiryTimer >= 0) {
      vertx.cancelTimer(expiryTimer);
    }
  }

  private void write(String event, byte[] data) {
    if (response.ended() || response.closed()) {
      return;
    }
    Buffer frame = Buffer.buffer("event: " + event + "\ndata: ");
    frame.appendBytes(data).appendString("\n\n");
    response.write(frame);
  }
}
