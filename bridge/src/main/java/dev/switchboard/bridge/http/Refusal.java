package dev.switchboard.bridge.http;

import dev.switchboard.subjects.ErrorCode;
import java.util.Map;

/**
 * The entry will not serve a request: who it is cannot be established (401), the keys to check it
 * are unavailable (503), or the caller is over a limit. The message is safe to show; each transport
 * renders it its own way (an HTTP status with headers, a WebSocket close).
 */
public final class Refusal extends Exception {
  private final int status;
  private final ErrorCode code;
  private final Map<String, String> headers;

  public Refusal(int status, ErrorCode code, String message, Map<String, String> headers) {
    this(status, code, message, headers, null);
  }

  private Refusal(
      int status, ErrorCode code, String message, Map<String, String> headers, Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  /** Something failed unexpectedly: answered {@code INTERNAL}; the cause is only logged. */
  public static Refusal internal(Throwable cause) {
    return new Refusal(500, ErrorCode.INTERNAL, "internal error", Map.of(), cause);
  }

  /** The HTTP status a plain HTTP or SSE request is answered with. */
  public int status() {
    return status;
  }

  public ErrorCode code() {
    return code;
  }

  /** Headers the HTTP answer carries, e.g. {@code WWW-Authenticate} or {@code Retry-After}. */
  public Map<String, String> headers() {
    return headers;
  }
}
