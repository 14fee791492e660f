package dev.switchboard.bridge.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsRegistryTest {
  private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0";
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  private static void record(PrometheusMeterRegistry registry) {
    Timer.builder("switchboard.test.calls")
        .serviceLevelObjectives(LatencyBuckets.bounds())
        .register(registry)
        .record(Duration.ofMillis(7));
  }

  @Test
  void create_withSampledSpan_bucketsCarryItsTraceIdAsExemplar() {
    PrometheusMeterRegistry registry =
        MetricsRegistry.create(() -> Optional.of(new CurrentSpan.SpanIds(TRACE, SPAN)));
    record(registry);

    String scraped = registry.scrape(OPENMETRICS);

    assertTrue(
        scraped.contains(
            "switchboard_test_calls_seconds_bucket{application=\"switchboard\",le=\"0.01\"} 1 # {span_id=\""
                + SPAN
                + "\",trace_id=\""
                + TRACE
                + "\"}"),
        scraped);
  }

  @Test
  void create_withoutTracing_hasExplicitBucketsAndNoExemplars() {
    PrometheusMeterRegistry registry = MetricsRegistry.create();
    record(registry);

    String scraped = registry.scrape(OPENMETRICS);

    assertTrue(
        scraped.contains(
            "switchboard_test_calls_seconds_bucket{application=\"switchboard\",le=\"0.005\"} 0"),
        scraped);
    assertTrue(
        scraped.contains(
            "switchboard_test_calls_seconds_bucket{application=\"switchboard\",le=\"10.0\"} 1"),
        scraped);
    assertFalse(scraped.contains("trace_id"), scraped);
  }
}
