package dev.switchboard.bridge.chain;

import java.time.Duration;

/** The bridge's own timer: deadlines and retry delays never depend on the NATS client's sweep. */
@FunctionalInterface
public interface Scheduler {
  /** Runs {@code task} after {@code delay}; the returned handle cancels it. */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task that may be called off. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
