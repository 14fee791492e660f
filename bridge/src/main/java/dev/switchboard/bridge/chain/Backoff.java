package dev.switchboard.bridge.chain;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of {@code
 * min(max, base * 2^(n-1))}, so retries spread out instead of arriving together.
 */
record Backoff(Duration base, Duration max) {

  /** Delay before retry {@code retry} (1 for the first retry). */
  Duration delayBefore(int retry) {
    long capNanos = base.toNanos() << Math.min(retry - 1, 20);
    capNanos = Math.min(max.toNanos(), capNanos <= 0 ? Long.MAX_VALUE : capNanos);
    long half = capNanos / 2;
    return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(half + 1));
  }
}
