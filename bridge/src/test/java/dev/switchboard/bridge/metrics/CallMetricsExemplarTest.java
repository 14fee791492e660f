package dev.switchboard.bridge.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.NatsRequest;
import dev.switchboard.subjects.TraceParent;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** With tracing on, a NATS call's latency sample carries the call's trace as its exemplar. */
class CallMetricsExemplarTest {
  private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0";

  private static CallContext call(TraceParent trace) {
    return new CallContext(
        "corr",
        null,
        "order",
        "Query.order",
        trace,
        null,
        Caller.anonymous("anonymous"),
        CallContext.Action.REQUEST,
        false,
        new CallContext.CallPolicy(Duration.ofSeconds(1), 0),
        true,
        "default",
        CallContext.OnFailure.REPORT);
  }

  @Test
  void sampledTrace_becomesTheExemplar() {
    PrometheusMeterRegistry registry = MetricsRegistry.create(RecordingSpan.INSTANCE);
    TraceParent trace = TraceParent.newTrace();

    new CallMetrics(registry, RecordingSpan.INSTANCE)
        .callEnd(call(trace), new NatsRequest("orders.1", new byte[0]), null, 1, 7_000_000);

    String scraped = registry.scrape(OPENMETRICS);
    assertTrue(scraped.contains("trace_id=\"" + trace.traceId() + "\""), scraped);
  }

  @Test
  void unsampledTrace_leavesNoExemplar() {
    PrometheusMeterRegistry registry = MetricsRegistry.create(RecordingSpan.INSTANCE);
    TraceParent trace = TraceParent.newTrace();
    TraceParent unsampled = new TraceParent(trace.traceId(), trace.spanId(), "00");

    new CallMetrics(registry, RecordingSpan.INSTANCE)
        .callEnd(call(unsampled), new NatsRequest("orders.1", new byte[0]), null, 1, 7_000_000);

    assertFalse(registry.scrape(OPENMETRICS).contains("trace_id"));
  }
}
