package dev.switchboard.bridge.http;

import dev.switchboard.bridge.logging.LogContext;
import dev.switchboard.subjects.ErrorCode;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers what the router itself refuses (oversized body, wrong method, unknown path, an unexpected
 * exception) in the same JSON error shape as GraphQL errors, never with a stack trace.
 */
final class HttpFailures {
  private HttpFailures() {}

  static void handle(RoutingContext routing) {
    int status = routing.statusCode() > 0 ? routing.statusCode() : 500;
    String correlationId = routing.response().headers().get(CorrelationIds.CORRELATION_ID_HEADER);
    if (correlationId == null) {
      correlationId = CorrelationIds.of(routing.request().headers());
      routing.response().putHeader(CorrelationIds.CORRELATION_ID_HEADER, correlationId);
    }
    if (status >= 500) {
      try (LogContext scope = LogContext.ofCorrelationId(correlationId)) {
        ResponseWriter.internalError(
            routing.response(),
            MediaTypes.JSON,
            "request failed",
            routing.failure(),
            correlationId);
      }
      return;
    }
    String message =
        switch (status) {
          case 404 -> "Not found.";
          case 405 -> "Method not allowed; use GET or POST.";
          case 413 -> "The request body is too large.";
          default -> "Bad request.";
        };
    if (status == 405) {
      routing.response().putHeader("Allow", "GET, POST");
    }
    ResponseWriter.requestError(
        routing.response(), status, MediaTypes.JSON, ErrorCode.BAD_REQUEST, message, correlationId);
  }
}
