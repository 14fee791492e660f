package dev.switchboard.bridge.metrics;

import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.CallListener;
import dev.switchboard.bridge.chain.NatsRequest;
import dev.switchboard.subjects.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * NATS call latency and outcomes for {@code /metrics}: {@code switchboard_nats_calls_seconds} by
 * field, action and outcome code (a histogram with {@link LatencyBuckets}), and retried attempts by
 * outcome. Tags come from the schema and the fixed code list, so their number is bounded.
 */
public final class CallMetrics implements CallListener {
  private final MeterRegistry registry;
  private final CurrentSpan exemplars;
  // Registering looks a meter up by its sorted tags (a few microseconds): once per key, not per
  // call.
  private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

  /**
   * @param exemplars how a sample gets its call's trace as exemplar ({@link CurrentSpan#NONE}
   *     without tracing: samples are recorded as they are)
   */
  public CallMetrics(MeterRegistry registry, CurrentSpan exemplars) {
    this.registry = registry;
    this.exemplars = exemplars;
  }

  @Override
  public void callEnd(
      CallContext call, NatsRequest request, ErrorCode outcome, int attempts, long nanos) {
    Timer timer =
        timers.computeIfAbsent(
            new TimerKey(call.fieldCoordinate(), call.action(), outcome), this::register);
    // with tracing on, the call's trace is the request's server span: it becomes the exemplar
    exemplars.during(call.trace(), () -> timer.record(nanos, TimeUnit.NANOSECONDS));
  }

  private Timer register(TimerKey key) {
    return Timer.builder("switchboard.nats.calls")
        .description("NATS calls made for GraphQL fields, retries included")
        .serviceLevelObjectives(LatencyBuckets.bounds())
        .tag("field", key.field())
        .tag("action", key.action().name().toLowerCase(Locale.ROOT))
        .tag("outcome", key.outcome() == null ? "OK" : key.outcome().name())
        .register(registry);
  }

  private record TimerKey(String field, CallContext.Action action, ErrorCode outcome) {}

  @Override
  public void attemptEnd(
      CallContext call, NatsRequest request, int attempt, ErrorCode outcome, long nanos) {
    if (attempt > 1) {
      registry
          .counter(
              "switchboard.nats.retries",
              "field",
              call.fieldCoordinate(),
              "outcome",
              outcome == null ? "OK" : outcome.name())
          .increment();
    }
  }
}
