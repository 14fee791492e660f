package dev.switchboard.bridge.telemetry;

import dev.switchboard.subjects.SwitchboardHeaders;
import dev.switchboard.subjects.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Map;

/**
 * Between the bridge's {@link TraceParent} (what logs and NATS headers carry) and OpenTelemetry's
 * span contexts, so both always name the same trace and span ids.
 */
final class SpanContexts {
  private SpanContexts() {}

  /** The ids of a span as the bridge carries them. */
  static TraceParent traceParent(SpanContext span) {
    return new TraceParent(span.getTraceId(), span.getSpanId(), span.getTraceFlags().asHex());
  }

  /** The {@code traceparent} header value of a span, without an intermediate object. */
  static String header(SpanContext span) {
    return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
  }

  /** A context whose (remote) parent is {@code parent}; the root context when there is none. */
  static Context parentOf(TraceParent parent, String traceState) {
    if (parent == null) {
      return Context.root();
    }
    if (traceState == null) {
      SpanContext remote =
          SpanContext.createFromRemoteParent(
              parent.traceId(),
              parent.spanId(),
              TraceFlags.fromHex(parent.flags(), 0),
              TraceState.getDefault());
      return Context.root().with(Span.wrap(remote));
    }
    // rare: let the propagator parse (and bound) the tracestate list
    Map<String, String> carrier =
        Map.of(
            SwitchboardHeaders.TRACEPARENT,
            parent.header(),
            SwitchboardHeaders.TRACESTATE,
            traceState);
    return W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, MAP);
  }

  /** The span context in a {@code traceparent} header value, or invalid when absent or bad. */
  static SpanContext remote(String traceparent) {
    TraceParent parsed = TraceParent.parse(traceparent);
    if (parsed == null) {
      return SpanContext.getInvalid();
    }
    return SpanContext.createFromRemoteParent(
        parsed.traceId(),
        parsed.spanId(),
        TraceFlags.fromHex(parsed.flags(), 0),
        TraceState.getDefault());
  }

  private static final TextMapGetter<Map<String, String>> MAP =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };
}
