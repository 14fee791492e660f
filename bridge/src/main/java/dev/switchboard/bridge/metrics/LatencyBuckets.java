package dev.switchboard.bridge.metrics;

import java.time.Duration;

/**
 * The bucket bounds of every latency histogram on {@code /metrics}: a fixed list from 5 ms to 10 s,
 * so each histogram has 12 {@code _bucket} series per tag set (11 bounds and {@code +Inf}), and
 * {@code histogram_quantile} in Prometheus gives p50/p99 across replicas. Micrometer's percentile
 * histogram (about 70 buckets per series) stays off.
 */
public final class LatencyBuckets {
  private LatencyBuckets() {}

  /** For {@code Timer.builder(...).serviceLevelObjectives(...)}. */
  public static Duration[] bounds() {
    return new Duration[] {
      Duration.ofMillis(5),
      Duration.ofMillis(10),
      Duration.ofMillis(25),
      Duration.ofMillis(50),
      Duration.ofMillis(100),
      Duration.ofMillis(250),
      Duration.ofMillis(500),
      Duration.ofSeconds(1),
      Duration.ofMillis(2500),
      Duration.ofSeconds(5),
      Duration.ofSeconds(10)
    };
  }
}
