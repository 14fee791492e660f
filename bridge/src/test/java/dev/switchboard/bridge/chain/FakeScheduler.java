package dev.switchboard.bridge.chain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A scheduler whose tasks run only when the test fires them. */
final class FakeScheduler implements Scheduler {
  final List<Task> tasks = new ArrayList<>();

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Task scheduled = new Task(delay, task);
    tasks.add(scheduled);
    return scheduled;
  }

  /** Tasks neither fired nor cancelled, in the order they were scheduled. */
  synchronized List<Task> pending() {
    return tasks.stream().filter(Task::isPending).toList();
  }

  /**
   * Fires pending tasks with a delay under {@code limit}, including the ones they schedule, until
   * none is left (backoff delays are short; the deadline is long).
   *
   * @return how many were fired
   */
  int fireShorterThan(Duration limit) {
    int fired = 0;
    while (true) {
      Task next =
          pending().stream().filter(t -> t.delay.compareTo(limit) < 0).findFirst().orElse(null);
      if (next == null) {
        return fired;
      }
      next.fire();
      fired++;
    }
  }

  static final class Task implements Cancellable {
    final Duration delay;
    private final Runnable action;
    private boolean cancelled;
    private boolean fired;

    Task(Duration delay, Runnable action) {
      this.delay = delay;
      this.action = action;
    }

    synchronized boolean isPending() {
      return !cancelled && !fired;
    }

    synchronized boolean isCancelled() {
      return cancelled;
    }

    void fire() {
      synchronized (this) {
        if (!isPending()) {
          throw new IllegalStateException("task already " + (fired ? "fired" : "cancelled"));
        }
        fired = true;
      }
      action.run();
    }

    @Override
    public synchronized void cancel() {
      cancelled = true;
    }
  }
}
