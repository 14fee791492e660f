package dev.switchboard.bridge.http;

import dev.switchboard.bridge.graphql.ErrorRenderer;
import dev.switchboard.bridge.graphql.GraphQLEngine;
import dev.switchboard.bridge.graphql.RequestContext;
import dev.switchboard.subjects.ErrorCode;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One operation streamed over one HTTP response (GraphQL over SSE, or Apollo's multipart
 * subscriptions; the {@link StreamFormat} frames it): queries and mutations give one result;
 * subscriptions stream until the client goes away, the token expires, or the client falls too far
 * behind (the session's delivery closes it). Heartbeats keep idle streams alive through proxies.
 */
final class StreamRunner implements Subscriber<ExecutionResult> {
  private final HttpServerResponse response;
  private final RequestContext context;
  private final Vertx vertx;
  private final StreamFormat format;
  private Subscription subscription;
  private long heartbeatTimer = -1;
  private TokenExpiry expiry;
  private boolean finished;

  private StreamRunner(
      HttpServerResponse response, RequestContext context, Vertx vertx, StreamFormat format) {
    this.response = response;
    this.context = context;
    this.vertx = vertx;
    this.format = format;
  }

  /** Starts the stream for an already validated operation. */
  static void start(
      Vertx vertx,
      GraphQLEngine engine,
      HttpServerRequest request,
      ExecutionInput input,
      RequestContext context,
      StreamFormat format) {
    HttpServerResponse response = request.response();
    StreamRunner stream = new StreamRunner(response, context, vertx, format);
    format.start(response);
    response.write(format.opening());
    response.closeHandler(ignored -> stream.clientGone());
    // the server is stopping: end the stream with a coded error (the client reconnects elsewhere)
    // rather than let the shutdown grace cut it off mid-stream
    request
        .connection()
        .shutdownHandler(ignored -> context.resultExecutor().execute(stream::serverStopping));
    stream.heartbeatTimer =
        vertx.setPeriodic(format.heartbeatInterval().toMillis(), ignored -> stream.heartbeat());
    stream.expiry =
        TokenExpiry.schedule(
            vertx, context.caller(), () -> context.resultExecutor().execute(stream::tokenExpired));
    engine
        .execute(input)
        .whenComplete(
            (result, failure) ->
                context.resultExecutor().execute(() -> stream.run(result, failure)));
  }

  /** A grouped subscription's result, encoded once for the whole group. */
  static void writeEncoded(HttpServerResponse response, StreamFormat format, byte[] payload) {
    if (!response.ended() && !response.closed()) {
      response.write(format.result(Buffer.buffer(payload)));
    }
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

  private void heartbeat() {
    if (!finished && !response.writeQueueFull()) {
      write(format.heartbeat());
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

  private void serverStopping() {
    if (subscription != null) {
      subscription.cancel();
    }
    fail(
        ErrorRenderer.requestError(
            ErrorCode.SERVICE_UNAVAILABLE,
            "The server is shutting down; subscribe again.",
            context.correlationId()));
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
      write(format.result(JsonBody.of(result.toSpecification())));
    }
  }

  /** A last frame carrying the error, then the end. */
  private void fail(GraphQLError error) {
    if (finished) {
      return;
    }
    write(format.failure(error));
    complete();
  }

  private void complete() {
    if (finished) {
      return;
    }
    write(format.end());
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
    vertx.cancelTimer(heartbeatTimer);
    if (expiry != null) {
      expiry.cancel();
    }
  }

  private void write(Buffer frame) {
    if (!response.ended() && !response.closed()) {
      response.write(frame);
    }
  }
}
