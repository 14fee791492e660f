package dev.switchboard.bridge.chain;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps retries to a share of calls so that retries cannot multiply the load on a struggling
 * service: each call deposits {@code ratio} of a retry, each retry withdraws one. A small floor of
 * retries per second keeps retries possible at low traffic.
 */
final class RetryBudget {
  private static final long ONE = 1000;
  private final long deposit;
  private final long capacity;
  private final int minPerSecond;
  private final AtomicLong balance = new AtomicLong();
  private final AtomicLong floorWindow = new AtomicLong(-1);
  private final AtomicLong floorUsed = new AtomicLong();

  /**
   * @param ratio retries allowed per call, e.g. 0.2
   * @param minPerSecond retries always allowed each second
   */
  RetryBudget(double ratio, int minPerSecond) {
    if (ratio < 0 || minPerSecond < 0) {
      throw new IllegalArgumentException("retry budget values must not be negative");
    }
    this.deposit = Math.round(ratio * ONE);
    this.capacity = Math.max(ONE, deposit * 1000);
    this.minPerSecond = minPerSecond;
  }

  void recordCall() {
    if (deposit > 0) {
      balance.getAndUpdate(current -> Math.min(capacity, current + deposit));
    }
  }

  /** Takes one retry from the budget; false when the budget is spent. */
  boolean tryRetry() {
    long second = System.nanoTime() / 1_000_000_000L;
    long window = floorWindow.get();
    if (window != second && floorWindow.compareAndSet(window, second)) {
      floorUsed.set(0);
    }
    if (floorUsed.incrementAndGet() <= minPerSecond) {
      return true;
    }
    while (true) {
      long current = balance.get();
      if (current < ONE) {
        return false;
      }
      if (balance.compareAndSet(current, current - ONE)) {
        return true;
      }
    }
  }
}
