package dev.switchboard.bridge.chain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

  private void assertAlwaysBetween(int retry, Duration low, Duration high) {
    for (int i = 0; i < 2000; i++) {
      Duration delay = backoff.delayBefore(retry);
      assertTrue(
          delay.compareTo(low) >= 0 && delay.compareTo(high) <= 0,
          () -> "retry " + retry + ": " + delay + " should be between " + low + " and " + high);
    }
  }

  @Test
  void delayBefore_eachRetry_isBetweenHalfAndAllOfTheDoubledBase() {
    assertAlwaysBetween(1, Duration.ofMillis(50), Duration.ofMillis(100));
    assertAlwaysBetween(2, Duration.ofMillis(100), Duration.ofMillis(200));
    assertAlwaysBetween(3, Duration.ofMillis(200), Duration.ofMillis(400));
    assertAlwaysBetween(4, Duration.ofMillis(400), Duration.ofMillis(800));
  }

  @Test
  void delayBefore_laterRetries_areCappedAtMax() {
    assertAlwaysBetween(5, Duration.ofMillis(500), Duration.ofSeconds(1));
    assertAlwaysBetween(30, Duration.ofMillis(500), Duration.ofSeconds(1));
    assertAlwaysBetween(Integer.MAX_VALUE, Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void delayBefore_isJittered() {
    Set<Duration> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      seen.add(backoff.delayBefore(3));
    }
    assertTrue(seen.size() > 10, "retries should spread out, saw only " + seen);
  }
}
