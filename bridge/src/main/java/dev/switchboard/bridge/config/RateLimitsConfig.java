package dev.switchboard.bridge.config;

import java.util.Map;

/**
 * Per-caller rate limits: a token bucket per verified {@code sub} (anonymous callers: per client
 * IP, see {@code http.trustedProxies}). Off unless {@code requestsPerSecond} is set.
 *
 * @param requestsPerSecond the rate every caller gets, unless a role of theirs says otherwise
 * @param burst requests a caller may send at once (default: twice the rate)
 * @param roles per-role rates; a caller with several roles gets the most generous
 * @param maxCallers callers tracked at once (least recently seen go first)
 * @param maxWebSocketsPerCaller concurrent WebSocket connections per caller (on even when rates are
 *     off)
 * @param maxStreamsPerCaller concurrent SSE and multipart subscription streams per caller (on even
 *     when rates are off)
 */
public record RateLimitsConfig(
    Double requestsPerSecond,
    Integer burst,
    Map<String, Rate> roles,
    Integer maxCallers,
    Integer maxWebSocketsPerCaller,
    Integer maxStreamsPerCaller) {

  public RateLimitsConfig {
    roles = roles != null ? Map.copyOf(roles) : Map.of();
    burst =
        burst != null
            ? burst
            : requestsPerSecond != null ? (int) Math.ceil(requestsPerSecond * 2) : null;
    maxCallers = maxCallers != null ? maxCallers : 100_000;
    maxWebSocketsPerCaller = maxWebSocketsPerCaller != null ? maxWebSocketsPerCaller : 50;
    maxStreamsPerCaller = maxStreamsPerCaller != null ? maxStreamsPerCaller : 50;
  }

  static RateLimitsConfig defaults() {
    return new RateLimitsConfig(null, null, null, null, null, null);
  }

  public boolean enabled() {
    return requestsPerSecond != null || !roles.isEmpty();
  }

  /**
   * @param requestsPerSecond the role's rate
   * @param burst requests at once (default: twice the rate)
   */
  public record Rate(Double requestsPerSecond, Integer burst) {
    public Rate {
      burst =
          burst != null
              ? burst
              : requestsPerSecond != null ? (int) Math.ceil(requestsPerSecond * 2) : null;
    }
  }
}
