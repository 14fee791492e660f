package dev.switchboard.bridge.ratelimit;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One caller's token bucket, kept as a single number so that taking a token is one compare-and-set,
 * no lock: the generic cell rate algorithm (GCRA). {@code due} is when the bucket will be full
 * again at the steady rate; a request is allowed while that is at most {@code burst} intervals
 * ahead of now, and each allowed request moves it one interval further.
 */
final class TokenBucket {
  private final Rate rate;
  private final long interval;
  private final long capacity;
  private final LongSupplier nanoClock;
  private final AtomicLong due = new AtomicLong(Long.MIN_VALUE);

  TokenBucket(Rate rate, LongSupplier nanoClock) {
    this.rate = rate;
    this.interval = rate.intervalNanos();
    this.capacity = interval * rate.burst();
    this.nanoClock = nanoClock;
  }

  Rate rate() {
    return rate;
  }

  /**
   * Takes a token.
   *
   * @return 0 when the request may go; otherwise the nanoseconds until a token is there
   */
  long take() {
    long now = nanoClock.getAsLong();
    while (true) {
      long current = due.get();
      long next = Math.max(current, now) + interval;
      long over = next - now - capacity;
      if (over > 0) {
        return over;
      }
      if (due.compareAndSet(current, next)) {
        return 0;
      }
    }
  }
}
