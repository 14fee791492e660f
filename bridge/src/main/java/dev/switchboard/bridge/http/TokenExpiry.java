package dev.switchboard.bridge.http;

import dev.switchboard.bridge.auth.Caller;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;

/** Ends a long-lived stream (WebSocket, SSE) the moment its caller's token expires. */
public final class TokenExpiry {
  private static final long NONE = -1;
  private final Vertx vertx;
  private final long timer;

  private TokenExpiry(Vertx vertx, long timer) {
    this.vertx = vertx;
    this.timer = timer;
  }

  /**
   * Runs {@code onExpiry} on this event loop when the token expires; never for anonymous callers.
   */
  public static TokenExpiry schedule(Vertx vertx, Caller caller, Runnable onExpiry) {
    if (caller.expiresAt() == null) {
      return new TokenExpiry(vertx, NONE);
    }
    long millis = Math.max(1, Duration.between(Instant.now(), caller.expiresAt()).toMillis());
    return new TokenExpiry(vertx, vertx.setTimer(millis, ignored -> onExpiry.run()));
  }

  /** The stream ended first. */
  public void cancel() {
    if (timer != NONE) {
      vertx.cancelTimer(timer);
    }
  }
}
