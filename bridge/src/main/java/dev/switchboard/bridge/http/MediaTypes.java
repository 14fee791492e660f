package dev.switchboard.bridge.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.ParsedHeaderValues;

/**
 * Response media type negotiation per GraphQL over HTTP: {@code application/graphql-response+json}
 * for clients that name it; {@code application/json} for clients that ask for it, accept anything
 * ({@code *}{@code /*}, {@code application/*}) or send no Accept header, as the spec recommends so
 * that legacy clients, which do not know the new type, get one they can read.
 */
final class MediaTypes {
  static final String GRAPHQL_RESPONSE = "application/graphql-response+json";
  static final String JSON = "application/json";

  /** GraphQL over SSE (graphql-sse, distinct connections): results as server-sent events. */
  static final String EVENT_STREAM = SseFormat.MEDIA_TYPE;

  // Pre-encoded header values: Vert.x copies these bytes as they are instead of encoding
  // characters.
  private static final CharSequence JSON_CONTENT_TYPE = HttpHeaders.createOptimized(utf8(JSON));
  private static final CharSequence GRAPHQL_RESPONSE_CONTENT_TYPE =
      HttpHeaders.createOptimized(utf8(GRAPHQL_RESPONSE));

  private MediaTypes() {}

  /** The {@code Content-Type} of a body of {@code mediaType}: always UTF-8. */
  static CharSequence contentType(String mediaType) {
    if (JSON.equals(mediaType)) {
      return JSON_CONTENT_TYPE;
    }
    if (GRAPHQL_RESPONSE.equals(mediaType)) {
      return GRAPHQL_RESPONSE_CONTENT_TYPE;
    }
    return utf8(mediaType);
  }

  private static String utf8(String mediaType) {
    return mediaType + "; charset=utf-8";
  }

  /** The media type to answer with, or null when the client accepts neither. */
  static String negotiate(ParsedHeaderValues headers) {
    if (headers.accept().isEmpty()) {
      return JSON;
    }
    // accept() is sorted by preference (q-value, then specificity)
    for (MIMEHeader accepted : headers.accept()) {
      if (accepted.weight() <= 0) {
        continue;
      }
      String component = accepted.component();
      String sub = accepted.subComponent();
      if ("*".equals(component) || ("application".equals(component) && "*".equals(sub))) {
        return JSON;
      }
      if ("application".equals(component) && "graphql-response+json".equals(sub)) {
        return GRAPHQL_RESPONSE;
      }
      if ("application".equals(component) && "json".equals(sub)) {
        return JSON;
      }
      if ("text".equals(component) && "event-stream".equals(sub)) {
        return EVENT_STREAM;
      }
    }
    return null;
  }

  /**
   * The highest q-value the client gives {@code text/event-stream}; 0 when it does not accept it.
   */
  static float eventStreamWeight(ParsedHeaderValues headers) {
    float best = 0;
    for (MIMEHeader accepted : headers.accept()) {
      if ("text".equals(accepted.component()) && "event-stream".equals(accepted.subComponent())) {
        best = Math.max(best, accepted.weight());
      }
    }
    return best;
  }
}
