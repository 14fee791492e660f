package dev.switchboard.bridge.http;

import graphql.GraphQLError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.ParsedHeaderValues;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Apollo's multipart HTTP protocol for subscriptions ({@code Accept:
 * multipart/mixed;subscriptionSpec=1.0}): each result is a part {@code {"payload": result}}, an
 * empty part {@code {}} is the heartbeat, an error that ends the stream outside any result (token
 * expired, execution failed) is a transport error {@code {"payload": null, "errors": [...]}}, and
 * the closing delimiter {@code --graphql--} ends the response.
 *
 * <p>Each part is written with the delimiter that follows it, so a client (which knows a part is
 * whole only once the next delimiter arrives) reads every result the moment it is written rather
 * than one heartbeat later. On the wire: {@code CRLF--graphql CRLF headers CRLF CRLF json CRLF
 * --graphql ... --graphql-- CRLF}.
 */
final class MultipartFormat implements StreamFormat {
  static final String MEDIA_TYPE = "multipart/mixed";
  private static final String SPEC = "subscriptionSpec";
  private static final String DELIMITER = "\r\n--graphql";
  private static final String HEADERS = "\r\nContent-Type: application/json; charset=utf-8\r\n\r\n";
  private static final String PAYLOAD = "{\"payload\":";
  private final Duration heartbeat;

  /**
   * @param heartbeat interval of the empty heartbeat parts ({@code
   *     subscriptions.multipartHeartbeat}; Apollo's clients expect one every 5 s)
   */
  MultipartFormat(Duration heartbeat) {
    this.heartbeat = heartbeat;
  }

  /**
   * The client accepts multipart subscriptions: {@code multipart/mixed} with {@code
   * subscriptionSpec=1.0} (quoted or not) and a weight above 0.
   */
  static boolean accepted(ParsedHeaderValues headers) {
    return weight(headers) > 0;
  }

  /**
   * The highest q-value the client gives multipart subscriptions; 0 when it does not accept them.
   */
  static float weight(ParsedHeaderValues headers) {
    float best = 0;
    for (MIMEHeader accepted : headers.accept()) {
      if ("multipart".equalsIgnoreCase(accepted.component())
          && "mixed".equalsIgnoreCase(accepted.subComponent())
          && isSpec(accepted.parameter(SPEC))) {
        best = Math.max(best, accepted.weight());
      }
    }
    return best;
  }

  private static boolean isSpec(String value) {
    return value != null && (value.equals("1.0") || value.equals("\"1.0\""));
  }

  @Override
  public void start(HttpServerResponse response) {
    response
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", MEDIA_TYPE + ";boundary=\"graphql\";" + SPEC + "=1.0")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
  }

  /**
   * The first delimiter and a heartbeat: the headers go out at once and the client sees the stream
   * begin.
   */
  @Override
  public Buffer opening() {
    return Buffer.buffer(DELIMITER).appendBuffer(heartbeat());
  }

  @Override
  public Buffer result(Buffer json) {
    int size = HEADERS.length() + PAYLOAD.length() + json.length() + 1 + DELIMITER.length();
    return Buffer.buffer(size)
        .appendString(HEADERS)
        .appendString(PAYLOAD)
        .appendBuffer(json)
        .appendString("}")
        .appendString(DELIMITER);
  }

  @Override
  public Buffer failure(GraphQLError error) {
    Map<String, Object> body = new LinkedHashMap<>(2);
    body.put("payload", null);
    body.put("errors", List.of(error.toSpecification()));
    return part(JsonBody.of(body));
  }

  @Override
  public Buffer heartbeat() {
    return part(Buffer.buffer("{}"));
  }

  @Override
  public Duration heartbeatInterval() {
    return heartbeat;
  }

  /** Turns the last delimiter into the closing one. */
  @Override
  public Buffer end() {
    return Buffer.buffer("--\r\n");
  }

  private static Buffer part(Buffer json) {
    return Buffer.buffer(HEADERS.length() + json.length() + DELIMITER.length())
        .appendString(HEADERS)
        .appendBuffer(json)
        .appendString(DELIMITER);
  }
}
