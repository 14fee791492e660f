package dev.switchboard.subjects.responder;

import dev.switchboard.subjects.SwitchboardHeaders;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * A SERVER span per handled request, the child of the {@code traceparent} the bridge sent (the
 * bridge's span of that NATS attempt). Uses the service's {@link GlobalOpenTelemetry}, looked up
 * per request so that one installed after the responder started is used too; without one, spans are
 * no-ops.
 */
final class OpenTelemetrySpans implements HandlerSpans {
  private static final String SCOPE = "dev.switchboard.subjects";
  private final String endpoint;

  OpenTelemetrySpans(String endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public HandlerSpan start(Request request, String endpointSubject) {
    if (!GlobalOpenTelemetry.isSet()) {
      // never get(): it would install a no-op for good, and the service's later set() would throw
      return HandlerSpan.NONE;
    }
    Context parent =
        W3CTraceContextPropagator.getInstance().extract(Context.root(), request, HEADERS);
    Span span =
        GlobalOpenTelemetry.getOrNoop()
            .getTracer(SCOPE)
            .spanBuilder(endpoint)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("messaging.system", "nats")
            .setAttribute("messaging.operation.type", "process")
            .setAttribute("messaging.destination.name", endpointSubject)
            .setAttribute("switchboard.correlation_id", request.correlationId())
            .startSpan();
    Scope current = span.makeCurrent();
    return reply -> {
      if (reply.isError()) {
        span.setStatus(StatusCode.ERROR, reply.errorText());
        span.setAttribute("switchboard.service_error.code", reply.errorCode());
      }
      current.close();
      span.end();
    };
  }

  private static final TextMapGetter<Request> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Request request) {
          return List.of(SwitchboardHeaders.TRACEPARENT, SwitchboardHeaders.TRACESTATE);
        }

        @Override
        public String get(Request request, String key) {
          return request == null ? null : request.header(key).orElse(null);
        }
      };
}
