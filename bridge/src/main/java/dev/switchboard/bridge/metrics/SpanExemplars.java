package dev.switchboard.bridge.metrics;

import io.prometheus.metrics.tracer.common.SpanContext;

/** Shows a {@link CurrentSpan} to the Prometheus client, which samples exemplars through it. */
final class SpanExemplars implements SpanContext {
  private final CurrentSpan current;

  SpanExemplars(CurrentSpan current) {
    this.current = current;
  }

  @Override
  public String getCurrentTraceId() {
    return current.sampled().map(CurrentSpan.SpanIds::traceId).orElse(null);
  }

  @Override
  public String getCurrentSpanId() {
    return current.sampled().map(CurrentSpan.SpanIds::spanId).orElse(null);
  }

  @Override
  public boolean isCurrentSpanSampled() {
    return current.sampled().isPresent();
  }

  @Override
  public void markCurrentSpanAsExemplar() {
    // nothing to mark: the span's sampling decision is already made
  }
}
