package dev.switchboard.bridge.errors;

import dev.switchboard.subjects.ErrorCode;
import java.util.Map;

/**
 * A failure with a code, a message that is safe to show the client, and optional extensions (such
 * as a service's own error code). Internal detail travels separately and is only logged. Stackless:
 * timeouts and "no responders" are ordinary outcomes, not bugs.
 */
public class BridgeException extends RuntimeException {
  private final ErrorCode code;
  private final Map<String, Object> extensions;
  private final String internalDetail;

  public BridgeException(ErrorCode code, String publicMessage) {
    this(code, publicMessage, Map.of(), null, null);
  }

  public BridgeException(
      ErrorCode code,
      String publicMessage,
      Map<String, Object> extensions,
      String internalDetail,
      Throwable cause) {
    super(publicMessage, cause, false, false);
    this.code = code;
    this.extensions = Map.copyOf(extensions);
    this.internalDetail = internalDetail;
  }

  public ErrorCode code() {
    return code;
  }

  /** Extra {@code extensions} entries for the GraphQL error, e.g. {@code serviceCode}. */
  public Map<String, Object> extensions() {
    return extensions;
  }

  /** What the log (and dev mode) may show beyond the public message; may be null. */
  public String internalDetail() {
    return internalDetail;
  }
}
