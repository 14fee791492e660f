package dev.switchboard.bridge.http;

import dev.switchboard.bridge.support.Json;
import dev.switchboard.subjects.ErrorCode;
import graphql.GraphQLError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes GraphQL responses: {@code errors} first when present, then {@code data}. */
final class ResponseWriter {
  private ResponseWriter() {}

  static void write(
      HttpServerResponse response,
      int status,
      String mediaType,
      List<GraphQLError> errors,
      boolean dataPresent,
      Object data) {
    Map<String, Object> body = new LinkedHashMap<>(4);
    if (!errors.isEmpty()) {
      body.put("errors", errors.stream().map(GraphQLError::toSpecification).toList());
    }
    if (dataPresent) {
      body.put("data", data);
    }
    send(response, status, mediaType, body);
  }

  /** A request-level error (nothing executed) with a code and the correlation id. */
  static void requestError(
      HttpServerResponse response,
      int status,
      String mediaType,
      ErrorCode code,
      String message,
      String correlationId) {
    Map<String, Object> extensions = new LinkedHashMap<>();
    extensions.put("code", code.name());
    if (correlationId != null) {
      extensions.put("correlationId", correlationId);
    }
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("extensions", extensions);
    send(response, status, mediaType, Map.of("errors", List.of(error)));
  }

  private static void send(
      HttpServerResponse response, int status, String mediaType, Map<String, Object> body) {
    if (response.ended() || response.closed()) {
      return;
    }
    response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, mediaType + "; charset=utf-8")
        .end(Buffer.buffer(Json.bytes(body)));
  }
}
