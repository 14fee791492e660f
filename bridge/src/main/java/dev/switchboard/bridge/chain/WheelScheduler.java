package dev.switchboard.bridge.chain;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines and retry delays on Netty's hashed wheel timer: scheduling and cancelling are O(1) and
 * nearly free, which matters because every call schedules a deadline and almost every call cancels
 * it. Timers fire within one tick (5 ms) after their time, never before.
 */
public final class WheelScheduler implements Scheduler, AutoCloseable {
  private static final long TICK_MILLIS = 5;
  private final HashedWheelTimer timer;

  public WheelScheduler() {
    this.timer =
        new HashedWheelTimer(
            runnable -> {
              Thread thread = new Thread(runnable, "switchboard-deadlines");
              thread.setDaemon(true);
              return thread;
            },
            TICK_MILLIS,
            TimeUnit.MILLISECONDS,
            512);
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Timeout timeout =
        timer.newTimeout(ignored -> task.run(), delay.toNanos(), TimeUnit.NANOSECONDS);
    return timeout::cancel;
  }

  @Override
  public void close() {
    timer.stop();
  }
}
