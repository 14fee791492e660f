package dev.switchboard.bridge.http;

import graphql.GraphQLError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;

/**
 * How one streamed HTTP response frames what {@link StreamRunner} gives it: GraphQL over SSE
 * ({@link SseFormat}) or Apollo's multipart subscriptions ({@link MultipartFormat}). The runner
 * owns the subscription, timers and backpressure; a format only turns results into bytes.
 */
interface StreamFormat {
  /** Status and headers of the streamed response. */
  void start(HttpServerResponse response);

  /** Written at once: puts the headers on the wire and shows proxies the stream is alive. */
  Buffer opening();

  /** One result, {@code json} being its {@code {data, errors, extensions}} encoding. */
  Buffer result(Buffer json);

  /**
   * An error that ends the stream (token expired, execution failed): the last frame but {@link
   * #end}.
   */
  Buffer failure(GraphQLError error);

  /** Sent every {@link #heartbeatInterval} so proxies and clients see the idle stream alive. */
  Buffer heartbeat();

  Duration heartbeatInterval();

  /** The stream's normal end. */
  Buffer end();
}
