package dev.switchboard.bridge.telemetry;

import dev.switchboard.bridge.nats.DeliveryTracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * A CONSUMER span per event a shared subscription receives and hands to its subscribers. It starts
 * a trace of its own (one event reaches many subscribers, long after the mutation that published
 * it) LINKED to the publisher's span when the event carries a {@code traceparent}.
 */
final class DeliverySpans implements DeliveryTracer {
  private final Tracer tracer;
  private final SubjectTemplates templates;
  private final boolean dev;

  DeliverySpans(Tracer tracer, SubjectTemplates templates, boolean dev) {
    this.tracer = tracer;
    this.templates = templates;
    this.dev = dev;
  }

  @Override
  public Runnable delivering(String subject, String traceparent) {
    String template = templates.ofDelivery(subject);
    SpanBuilder builder =
        tracer
            .spanBuilder("process " + template)
            .setParent(Context.root())
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute("messaging.system", "nats")
            .setAttribute("messaging.operation.type", "process")
            .setAttribute("messaging.destination.template", template)
            .setAttribute("messaging.destination.name", dev ? subject : template);
    SpanContext publisher = SpanContexts.remote(traceparent);
    if (publisher.isValid()) {
      builder.addLink(publisher);
    }
    Span span = builder.startSpan();
    return span::end;
  }
}
