package dev.switchboard.bridge.ratelimit;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Open long-lived connections per caller key (WebSockets; SSE and multipart streams), at most
 * {@code maxPerCaller} each. A key is kept only while it has an open connection, so the map never
 * holds more keys than there are open connections (themselves capped by {@code
 * http.maxConnections}).
 */
public final class CallerSlots {
  private final int maxPerCaller;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  CallerSlots(int maxPerCaller) {
    this.maxPerCaller = maxPerCaller;
  }

  int maxPerCaller() {
    return maxPerCaller;
  }

  /** A slot for one more connection of this caller; empty when it has {@code maxPerCaller}. */
  Optional<Slot> acquire(String key) {
    AtomicBoolean acquired = new AtomicBoolean();
    open.compute(
        key,
        (ignored, count) -> {
          int now = count == null ? 0 : count;
          if (now >= maxPerCaller) {
            return count;
          }
          acquired.set(true);
          return now + 1;
        });
    return acquired.get() ? Optional.of(new Slot(key)) : Optional.empty();
  }

  /** For tests: the connections this caller holds. */
  int openFor(String key) {
    return open.getOrDefault(key, 0);
  }

  /** For tests: the callers with an open connection. */
  int callers() {
    return open.size();
  }

  /**
   * One connection's place; {@link #release} it when the connection ends (more calls are no-ops).
   */
  public final class Slot {
    private final String key;
    private final AtomicBoolean released = new AtomicBoolean();

    private Slot(String key) {
      this.key = key;
    }

    public void release() {
      if (released.compareAndSet(false, true)) {
        open.computeIfPresent(key, (ignored, count) -> count <= 1 ? null : count - 1);
      }
    }
  }
}
