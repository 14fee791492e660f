package dev.switchboard.bridge.http;

import dev.switchboard.subjects.ErrorCode;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers what the router itself refuses (oversized body, wrong method, unknown path, an unexpected
 * exception) in the same JSON error shape as GraphQL errors, never with a stack trace.
 */
final class HttpFailures {
  private static final Logger log = LoggerFactory.getLogger(HttpFailures.class);

  private HttpFailures() {}

  static void handle(RoutingContext routing) {
    int status = routing.statusCode() > 0 ? routing.statusCode() : 500;
    String correlationId = routing.response().headers().get(CorrelationIds.CORRELATION_ID);
    if (correlationId == null) {
      correlationId = CorrelationIds.of(routing.request());
      routing.response().putHeader(CorrelationIds.CORRELATION_ID, correlationId);
    }
    if (status >= 500) {
      log.error("request failed [correlation id {}]", correlationId, routing.failure());
    }
    String message =
        switch (status) {
          case 404 -> "Not found.";
          case 405 -> "Method not allowed; use GET or POST.";
          case 413 -> "The request body is too large.";
          case 415 -> "Send the request as Content-Type: application/json.";
          default ->
              status >= 500
                  ? "Internal error; the bridge's log has the details under this correlation id."
                  : "Bad request.";
        };
    ErrorCode code = status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
    if (status == 405) {
      routing.response().putHeader("Allow", "GET, POST");
    }
    ResponseWriter.requestError(
        routing.response(), status, MediaTypes.JSON, code, message, correlationId);
  }
}
