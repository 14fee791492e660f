package dev.switchboard.bridge.http;

import graphql.GraphQLError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.List;

/**
 * GraphQL over SSE, distinct-connections mode (the graphql-sse protocol): each result an {@code
 * event: next}, then {@code event: complete}; an error ending the stream is one more {@code next}
 * carrying it. Comment lines keep idle streams alive through proxies.
 */
final class SseFormat implements StreamFormat {
  static final String MEDIA_TYPE = "text/event-stream";
  private static final String NEXT = "event: next\ndata: ";
  private static final String COMMENT = ":\n\n";
  private final Duration keepAlive;

  /**
   * @param keepAlive interval of the keep-alive comments ({@code subscriptions.keepAlive})
   */
  SseFormat(Duration keepAlive) {
    this.keepAlive = keepAlive;
  }

  @Override
  public void start(HttpServerResponse response) {
    response
        .setStatusCode(200)
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.contentType(MEDIA_TYPE))
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
  }

  @Override
  public Buffer opening() {
    return Buffer.buffer(COMMENT);
  }

  @Override
  public Buffer result(Buffer json) {
    return Buffer.buffer(NEXT.length() + json.length() + 2)
        .appendString(NEXT)
        .appendBuffer(json)
        .appendString("\n\n");
  }

  @Override
  public Buffer failure(GraphQLError error) {
    return result(JsonBody.of(ResponseWriter.body(List.of(error), false, null)));
  }

  @Override
  public Buffer heartbeat() {
    return Buffer.buffer(COMMENT);
  }

  @Override
  public Duration heartbeatInterval() {
    return keepAlive;
  }

  @Override
  public Buffer end() {
    return Buffer.buffer("event: complete\ndata: \n\n");
  }
}
