package dev.switchboard.bridge.http;

import dev.switchboard.bridge.graphql.ErrorRenderer;
import dev.switchboard.subjects.ErrorCode;
import graphql.GraphQLError;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes GraphQL responses: {@code errors} first when present, then {@code data}. The errors
 * themselves are always shaped by {@link ErrorRenderer}.
 */
final class ResponseWriter {
  private ResponseWriter() {}

  static void write(
      HttpServerResponse response,
      int status,
      String mediaType,
      List<GraphQLError> errors,
      boolean dataPresent,
      Object data) {
    send(response, status, mediaType, body(errors, dataPresent, data));
  }

  /** The {@code {"errors": [...], "data": ...}} document of a result. */
  static Map<String, Object> body(List<GraphQLError> errors, boolean dataPresent, Object data) {
    Map<String, Object> body = new LinkedHashMap<>(4);
    if (!errors.isEmpty()) {
      body.put("errors", errors.stream().map(GraphQLError::toSpecification).toList());
    }
    if (dataPresent) {
      body.put("data", data);
    }
    return body;
  }

  /** A request-level error (nothing executed) with a code and the correlation id. */
  static void requestError(
      HttpServerResponse response,
      int status,
      String mediaType,
      ErrorCode code,
      String message,
      String correlationId) {
    write(
        response,
        status,
        mediaType,
        List.of(ErrorRenderer.requestError(code, message, correlationId)),
        false,
        null);
  }

  /**
   * Refuses a request whose body is not (or not yet) read, and closes its connection once the
   * answer is out, so the unread body is never taken for the next request.
   */
  static void refuseAndClose(RoutingContext routing, int status, String message) {
    String correlationId = CorrelationIds.of(routing.request());
    routing
        .response()
        .putHeader(CorrelationIds.CORRELATION_ID_HEADER, correlationId)
        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    routing.addEndHandler(sent -> routing.request().connection().close());
    requestError(
        routing.response(), status, MediaTypes.JSON, ErrorCode.BAD_REQUEST, message, correlationId);
  }

  /** A request the entry refused: its status, its headers, one coded error. */
  static void refuse(
      HttpServerResponse response, Refusal refusal, String mediaType, String correlationId) {
    if (refusal.code() == ErrorCode.INTERNAL) {
      internalError(
          response, mediaType, "request refused unexpectedly", refusal.getCause(), correlationId);
      return;
    }
    refusal.headers().forEach(response::putHeader);
    requestError(
        response, refusal.status(), mediaType, refusal.code(), refusal.getMessage(), correlationId);
  }

  /** 500 {@code INTERNAL}; the cause goes to the log under the correlation id. */
  static void internalError(
      HttpServerResponse response,
      String mediaType,
      String what,
      Throwable cause,
      String correlationId) {
    write(
        response,
        500,
        mediaType,
        List.of(ErrorRenderer.internalRequestError(what, cause, correlationId)),
        false,
        null);
  }

  private static void send(
      HttpServerResponse response, int status, String mediaType, Map<String, Object> body) {
    if (response.ended() || response.closed()) {
      return;
    }
    response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.contentType(mediaType))
        .end(JsonBody.of(body));
  }
}
