package dev.switchboard.bridge.http;

import dev.switchboard.bridge.graphql.ErrorRenderer;
import dev.switchboard.bridge.graphql.GraphQLEngine;
import dev.switchboard.bridge.graphql.RequestContext;
import dev.switchboard.bridge.support.Json;
import dev.switchboard.subjects.ErrorCode;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.List;
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
  private TokenExpiry expiry;
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
    stream.keepAliveTimer = vertx.setPeriodic(keepAlive.toMillis(), ignored -> stream.keepAlive());
    stream.expiry =
        TokenExpiry.schedule(
            vertx, context.caller(), () -> context.resultExecutor().execute(stream::tokenExpired));
    engine
        .execute(input)
        .whenComplete(
            (result, failure) ->
                context.resultExecutor().execute(() -> stream.run(result, failure)));
  }

  private void run(ExecutionResult result, Throwable failure) {
    if (failure != null) {
      fail(
          ErrorRenderer.internalRequestError("execution failed", failure, context.correlationId()));
    } else if (result.getData() instanceof Publisher<?> events) {
      @SuppressWarnings("unchecked")
      Publisher<ExecutionResult> results = (Publisher<ExecutionResult>) events;
      results.subscribe(this);
    } else {
      next(result);
      complete();
    }
  }

  private void keepAlive() {
    if (!finished && !response.writeQueueFull()) {
      response.write(":\n\n");
    }
  }

  private void tokenExpired() {
    if (subscription != null) {
      subscription.cancel();
    }
    fail(
        ErrorRenderer.requestError(
            ErrorCode.UNAUTHENTICATED, "The token has expired.", context.correlationId()));
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
                fail(
                    ErrorRenderer.internalRequestError(
                        "subscription failed", failure, context.correlationId())));
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

  /** A last result carrying the error, then {@code complete}. */
  private void fail(GraphQLError error) {
    if (finished) {
      return;
    }
    write("next", Json.bytes(ResponseWriter.body(List.of(error), false, null)));
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
    if (expiry != null) {
      expiry.cancel();
    }
  }

  /** A grouped subscription's result, encoded once for the whole group. */
  static void writeEncoded(HttpServerResponse response, String payload) {
    if (!response.ended() && !response.closed()) {
      response.write(
          Buffer.buffer(NEXT.length() + payload.length() + 2)
              .appendString(NEXT)
              .appendString(payload)
              .appendString("\n\n"));
    }
  }

  private static final String NEXT = "event: next\ndata: ";

  private void write(String event, byte[] data) {
    if (response.ended() || response.closed()) {
      return;
    }
    Buffer frame = Buffer.buffer("event: " + event + "\ndata: ");
    frame.appendBytes(data).appendString("\n\n");
    response.write(frame);
  }
}
