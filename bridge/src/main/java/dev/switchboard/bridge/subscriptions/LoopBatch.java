package dev.switchboard.bridge.subscriptions;

import io.vertx.core.Context;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks handed to one event loop from other threads, run together: one event fanned out to 10,000
 * subscriptions costs each loop one wake-up and one scheduled task, not one per subscription. Tasks
 * run in the order they were added.
 */
final class LoopBatch {
  private static final Logger log = LoggerFactory.getLogger(LoopBatch.class);
  private static final String KEY = LoopBatch.class.getName();
  // After this many tasks the loop gets a turn at its I/O before the rest run.
  private static final int MAX_PER_RUN = 4096;
  private final Context context;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  private LoopBatch(Context context) {
    this.context = context;
  }

  /** The batch of {@code context}, made on first use. */
  static LoopBatch of(Context context) {
    synchronized (context) {
      LoopBatch batch = context.get(KEY);
      if (batch == null) {
        batch = new LoopBatch(context);
        context.put(KEY, batch);
      }
      return batch;
    }
  }

  /** Queues {@code task} for the loop; schedules a run unless one is already pending. */
  void execute(Runnable task) {
    tasks.add(task);
    if (scheduled.compareAndSet(false, true)) {
      context.runOnContext(ignored -> run());
    }
  }

  private void run() {
    // Cleared first: a task added from here on schedules the next run itself.
    scheduled.set(false);
    for (int ran = 0; ran < MAX_PER_RUN; ran++) {
      Runnable task = tasks.poll();
      if (task == null) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException failed) {
        log.error("a subscription task failed; the others go on", failed);
      }
    }
    if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
      context.runOnContext(ignored -> run());
    }
  }
}
