package dev.switchboard.bridge.chain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WheelSchedulerTest {
  private final WheelScheduler scheduler = new WheelScheduler();

  @AfterEach
  void stop() {
    scheduler.close();
  }

  @Test
  void schedule_task_runsOnceItsDelayHasPassedNeverBefore() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    AtomicLong firedAfterNanos = new AtomicLong();
    long start = System.nanoTime();

    scheduler.schedule(
        Duration.ofMillis(50),
        () -> {
          firedAfterNanos.set(System.nanoTime() - start);
          ran.countDown();
        });

    assertTrue(ran.await(5, TimeUnit.SECONDS), "the task should run");
    assertTrue(
        firedAfterNanos.get() >= Duration.ofMillis(50).toNanos(),
        "fired after " + firedAfterNanos.get() / 1_000_000 + " ms");
  }

  @Test
  void schedule_cancelledTask_neverRuns() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    CountDownLatch later = new CountDownLatch(1);

    scheduler.schedule(Duration.ofMillis(20), ran::countDown).cancel();
    scheduler.schedule(Duration.ofMillis(100), later::countDown);

    assertTrue(
        later.await(5, TimeUnit.SECONDS),
        "a later task has run, so the cancelled one had its chance");
    assertFalse(ran.await(0, TimeUnit.MILLISECONDS), "the cancelled task did not run");
  }
}
