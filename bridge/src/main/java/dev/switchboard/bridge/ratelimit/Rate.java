package dev.switchboard.bridge.ratelimit;

/**
 * A token bucket's shape: {@code burst} requests at once, refilled at {@code perSecond}.
 *
 * @param perSecond sustained requests per second
 * @param burst requests allowed at once, at least 1
 */
public record Rate(double perSecond, int burst) {
  /** The more generous of two rates: the higher sustained rate, then the larger burst. */
  static Rate moreGenerous(Rate a, Rate b) {
    if (a.perSecond != b.perSecond) {
      return a.perSecond > b.perSecond ? a : b;
    }
    return a.burst >= b.burst ? a : b;
  }

  /** Nanoseconds between two tokens. */
  long intervalNanos() {
    return Math.max(1, Math.round(1_000_000_000d / perSecond));
  }
}
