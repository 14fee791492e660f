package dev.switchboard.bridge.chain;

import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * An attempt that was on the wire when its NATS connection dropped: the reply can no longer come,
 * so it ends at once with {@code SERVICE_UNAVAILABLE}. {@link #back()} completes when the
 * connection is up again; the retry interceptor waits for that (not a backoff) before repeating a
 * retryable call, within its deadline.
 */
public final class ConnectionLost extends BridgeException {
  private final transient CompletionStage<Void> back;

  public ConnectionLost(String detail, CompletionStage<Void> back) {
    super(
        ErrorCode.SERVICE_UNAVAILABLE,
        "The NATS backbone is not reachable right now.",
        Map.of(),
        detail,
        null);
    this.back = back;
  }

  /** Completes when the connection is back. */
  public CompletionStage<Void> back() {
    return back;
  }
}
