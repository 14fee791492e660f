package dev.switchboard.bridge.http;

import dev.switchboard.bridge.chain.Scheduler;
import io.vertx.core.Vertx;
import java.time.Duration;

/** Deadlines and retry delays on Vert.x timers: millisecond precision, no extra threads. */
public final class VertxScheduler implements Scheduler {
  private final Vertx vertx;

  public VertxScheduler(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    // Round up: a timer must never fire before the deadline it stands for.
    long millis = Math.max(1, (delay.toNanos() + 999_999) / 1_000_000);
    long id = vertx.setTimer(millis, ignored -> task.run());
    return () -> vertx.cancelTimer(id);
  }
}
