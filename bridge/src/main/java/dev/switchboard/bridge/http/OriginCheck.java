package dev.switchboard.bridge.http;

import dev.switchboard.subjects.ErrorCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Origin rule for streams: a browser page from another origin may not open a WebSocket, an SSE
 * stream or a multipart subscription with its user's credentials (WebSockets are not covered by
 * CORS, and an EventSource needs no preflight). Clients that send no Origin (servers, CLIs) are not
 * browsers and pass. With no {@code http.allowedOrigins} only the bridge's own origin passes (the
 * Origin's host and port equal the Host header); with a list, the origins on it; with {@code
 * ["*"]}, every origin.
 */
final class OriginCheck implements SecurityPolicyHandler {
  private static final String ANY = "*";
  private final Set<String> allowed;

  OriginCheck(List<String> allowed) {
    this.allowed = Set.copyOf(allowed);
  }

  @Override
  public void handle(RoutingContext routing) {
    if (admits(routing)) {
      routing.next();
    }
  }

  /** True when the request may go on; otherwise it has been answered 403. */
  boolean admits(RoutingContext routing) {
    HttpServerRequest request = routing.request();
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin == null || !opensStream(request) || permits(origin, request)) {
      return true;
    }
    ResponseWriter.requestError(
        routing.response(),
        403,
        MediaTypes.JSON,
        ErrorCode.FORBIDDEN,
        "Origin "
            + origin
            + " may not open streams here; list it in http.allowedOrigins to allow it.",
        CorrelationIds.of(request));
    return false;
  }

  private boolean permits(String origin, HttpServerRequest request) {
    if (allowed.contains(ANY) || allowed.contains(origin)) {
      return true;
    }
    return allowed.isEmpty() && sameOrigin(origin, request.getHeader(HttpHeaders.HOST));
  }

  /**
   * The Origin's host[:port] is the Host the request was sent to (default ports left out on both
   * sides, as browsers do). A proxy that rewrites Host makes every browser origin foreign: list the
   * public origin in {@code http.allowedOrigins} then.
   */
  static boolean sameOrigin(String origin, String host) {
    if (host == null) {
      return false;
    }
    URI parsed;
    try {
      parsed = new URI(origin);
    } catch (URISyntaxException notAnOrigin) {
      return false; // "null" (sandboxed frames, file:) and anything malformed
    }
    if (parsed.getScheme() == null || parsed.getHost() == null) {
      return false;
    }
    String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
    String authority = parsed.getHost().toLowerCase(Locale.ROOT);
    if (parsed.getPort() >= 0 && parsed.getPort() != defaultPort(scheme)) {
      authority += ":" + parsed.getPort();
    }
    return authority.equals(withoutDefaultPort(host.trim().toLowerCase(Locale.ROOT), scheme));
  }

  private static String withoutDefaultPort(String host, String scheme) {
    String suffix = ":" + defaultPort(scheme);
    return host.endsWith(suffix) ? host.substring(0, host.length() - suffix.length()) : host;
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
  }

  private static boolean opensStream(HttpServerRequest request) {
    String upgrade = request.getHeader(HttpHeaders.UPGRADE);
    // media types are case-insensitive: "Multipart/Mixed" opens a stream as surely as the lower
    // case
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    String asked = accept == null ? "" : accept.toLowerCase(Locale.ROOT);
    return (upgrade != null && upgrade.equalsIgnoreCase("websocket"))
        || asked.contains(MediaTypes.EVENT_STREAM)
        || asked.contains(MultipartFormat.MEDIA_TYPE);
  }
}
