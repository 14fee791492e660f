package dev.switchboard.bridge.metrics;

import dev.switchboard.subjects.TraceParent;
import java.util.Optional;

/**
 * The span a thread is working for, if any: histograms and counters attach its ids to their samples
 * as Prometheus exemplars. Tracing supplies an implementation (OpenTelemetry's {@code
 * Span.current()}); without tracing, {@link #NONE} keeps samples free of exemplars.
 */
@FunctionalInterface
public interface CurrentSpan {
  CurrentSpan NONE = Optional::empty;

  /** The current sampled span's ids, or empty when the thread works for no sampled span. */
  Optional<SpanIds> sampled();

  /**
   * Runs {@code record} so that its sample may carry {@code trace} as exemplar; without exemplars
   * it just records (nothing looked at on the hot path).
   */
  default void during(TraceParent trace, Runnable record) {
    record.run();
  }

  /** W3C ids: 32 and 16 lower-case hex digits. */
  record SpanIds(String traceId, String spanId) {}
}
