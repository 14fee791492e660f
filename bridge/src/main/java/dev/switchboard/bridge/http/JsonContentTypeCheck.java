package dev.switchboard.bridge.http;

import dev.switchboard.subjects.ErrorCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.util.Locale;

/**
 * CSRF prevention for {@code POST /graphql}: only {@code application/json} bodies (parameters such
 * as {@code charset=utf-8} allowed) reach the body reader. A browser sends a cross-site POST
 * without a CORS preflight only with no Content-Type or with {@code text/plain}, {@code
 * application/x-www-form-urlencoded} or {@code multipart/form-data}; all of those are answered 415
 * here, before the body is read or parsed, so nothing runs.
 */
final class JsonContentTypeCheck implements SecurityPolicyHandler {
  static final String MESSAGE =
      "Send the request as Content-Type: application/json (other POST bodies are refused so that"
          + " a page on another site cannot run operations with its visitors' credentials).";

  @Override
  public void handle(RoutingContext routing) {
    if (isJson(routing.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
      routing.next();
      return;
    }
    // The body is never read: close the connection rather than leave it for the next request.
    ResponseWriter.requestErrorAndClose(routing, 415, ErrorCode.BAD_REQUEST, MESSAGE);
  }

  /** The media type (before any {@code ;} parameter) is {@code application/json}. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int parameters = contentType.indexOf(';');
    String mediaType = parameters < 0 ? contentType : contentType.substring(0, parameters);
    return mediaType.trim().toLowerCase(Locale.ROOT).equals(MediaTypes.JSON);
  }
}
