package dev.switchboard.bridge.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  static final long SECOND = 1_000_000_000L;
  final AtomicLong now = new AtomicLong(-5 * SECOND); // nanoTime may be negative

  private TokenBucket bucket(double perSecond, int burst) {
    return new TokenBucket(new Rate(perSecond, burst), now::get);
  }

  @Test
  void take_fullBucket_allowsTheBurstAtOnceThenRefuses() {
    TokenBucket bucket = bucket(10, 5);

    for (int i = 0; i < 5; i++) {
      assertEquals(0, bucket.take(), "request " + i);
    }
    assertEquals(SECOND / 10, bucket.take(), "the sixth waits one interval");
  }

  @Test
  void take_afterOneInterval_hasOneTokenAgain() {
    TokenBucket bucket = bucket(2, 1);
    assertEquals(0, bucket.take());
    assertTrue(bucket.take() > 0);

    now.addAndGet(SECOND / 2);

    assertEquals(0, bucket.take());
    assertTrue(bucket.take() > 0);
  }

  @Test
  void take_refillsNoMoreThanTheBurst() {
    TokenBucket bucket = bucket(10, 3);
    now.addAndGet(3600 * SECOND);

    for (int i = 0; i < 3; i++) {
      assertEquals(0, bucket.take());
    }
    assertTrue(bucket.take() > 0, "an hour idle still gives only the burst");
  }

  @Test
  void take_refusedRequests_doNotCostTokens() {
    TokenBucket bucket = bucket(1, 1);
    bucket.take();
    for (int i = 0; i < 100; i++) {
      bucket.take();
    }

    now.addAndGet(SECOND);

    assertEquals(0, bucket.take());
  }

  @Test
  void take_fractionalRate_waitsLongIntervals() {
    TokenBucket bucket = bucket(0.5, 1);
    bucket.take();

    assertEquals(2 * SECOND, bucket.take());
  }

  @Test
  void take_fromManyThreads_neverAllowsMoreThanTheBurst() {
    TokenBucket bucket = bucket(1, 100);
    AtomicInteger allowed = new AtomicInteger();
    ConcurrentLinkedQueue<Long> waits = new ConcurrentLinkedQueue<>();

    IntStream.range(0, 10_000)
        .parallel()
        .forEach(
            i -> {
              long wait = bucket.take();
              if (wait == 0) {
                allowed.incrementAndGet();
              } else {
                waits.add(wait);
              }
            });

    assertEquals(100, allowed.get());
    assertEquals(9_900, waits.size());
  }
}
