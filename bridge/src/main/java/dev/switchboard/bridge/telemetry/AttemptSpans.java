package dev.switchboard.bridge.telemetry;

import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.Failures;
import dev.switchboard.bridge.chain.Interceptor;
import dev.switchboard.bridge.chain.NatsReply;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import dev.switchboard.subjects.SwitchboardHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A CLIENT span per NATS request attempt (PRODUCER for a publish), the child of the operation's
 * server span; retries are its siblings. Runs right after the contract headers and replaces their
 * {@code traceparent} with this span's context, so the responder's span becomes its child.
 * Attributes follow the messaging semantic conventions; the destination is the subject template
 * (the rendered subject only in dev mode, where subjects are shown anyway).
 */
final class AttemptSpans implements Interceptor {
  private final Tracer tracer;
  private final SubjectTemplates templates;
  private final boolean dev;

  private final Sampling sampling;

  AttemptSpans(Tracer tracer, SubjectTemplates templates, boolean dev, Sampling sampling) {
    this.sampling = sampling;
    this.tracer = tracer;
    this.templates = templates;
    this.dev = dev;
  }

  @Override
  public CompletionStage<NatsReply> intercept(Chain chain) {
    CallContext call = chain.call();
    if (sampling.dropsChildOf(call.trace())) {
      // the span would be dropped: keep the contract headers' traceparent (a fresh span id, not
      // sampled) and make no span, context or header copy at all
      return chain.proceed(chain.request());
    }
    boolean publish = call.action() == CallContext.Action.PUBLISH;
    AttemptShape shape = templates.ofAttempt(call.fieldCoordinate(), publish);
    Span span =
        tracer
            .spanBuilder(shape.name())
            .setParent(SpanContexts.parentOf(call.trace(), call.traceState()))
            .setSpanKind(shape.kind())
            .startSpan();
    // attributes only for a span that records: a sampled-out attempt builds none
    if (span.isRecording()) {
      span.setAllAttributes(shape.constant());
      span.setAttribute(
          AttemptShape.DESTINATION_NAME, dev ? chain.request().subject() : shape.template());
      span.setAttribute(AttemptShape.BODY_SIZE, (long) chain.request().body().length);
      span.setAttribute(AttemptShape.ATTEMPT, (long) chain.attempt());
      span.setAttribute(AttemptShape.CONNECTION, call.connection());
    }
    String traceparent = SpanContexts.header(span.getSpanContext());
    return chain
        .proceed(chain.request().withHeaders(Map.of(SwitchboardHeaders.TRACEPARENT, traceparent)))
        .whenComplete(
            (reply, error) -> {
              if (error != null) {
                // abandoned at the deadline: a TIMEOUT, whatever the transport makes of it
                ErrorCode code = chain.isCancelled() ? ErrorCode.TIMEOUT : Failures.codeOf(error);
                span.setAttribute("error.type", code.name());
                if (Failures.unwrap(error) instanceof BridgeException coded
                    && coded.extensions().get("serviceCode") instanceof Integer serviceCode) {
                  span.setAttribute("switchboard.service_error.code", (long) serviceCode);
                }
                span.setStatus(StatusCode.ERROR, code.name());
              }
              span.end();
            });
  }

  @Override
  public String toString() {
    return "attempt-spans";
  }
}
