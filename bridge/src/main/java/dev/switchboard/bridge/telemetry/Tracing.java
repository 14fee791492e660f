package dev.switchboard.bridge.telemetry;

import dev.switchboard.bridge.chain.Interceptor;
import dev.switchboard.bridge.config.TelemetryConfig;
import dev.switchboard.bridge.nats.DeliveryTracer;
import dev.switchboard.bridge.schema.Bindings;
import dev.switchboard.subjects.TraceParent;
import graphql.execution.instrumentation.Instrumentation;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenTelemetry tracing for the bridge: server spans for requests, spans for NATS attempts and for
 * subscription deliveries. {@link #off()} when no exporter is configured: then nothing is
 * installed, no span is made, and requests carry their W3C trace exactly as without tracing.
 */
public final class Tracing implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Tracing.class);
  private static final String SCOPE = "dev.switchboard.bridge";
  private static final AttributeKey<String> CORRELATION_ID =
      AttributeKey.stringKey("switchboard.correlation_id");
  private static final Tracing OFF = new Tracing(null, null, false, Sampling.ANY);

  private final OpenTelemetrySdk sdk;
  private final Tracer tracer;
  private final SubjectTemplates templates = new SubjectTemplates();
  private final boolean dev;
  private final Sampling sampling;

  private Tracing(OpenTelemetrySdk sdk, Tracer tracer, boolean dev, Sampling sampling) {
    this.sdk = sdk;
    this.tracer = tracer;
    this.dev = dev;
    this.sampling = sampling;
  }

  public static Tracing off() {
    return OFF;
  }

  /**
   * Tracing as the {@code OTEL_*} variables and {@code telemetry.*} keys ask (the variables win);
   * off unless an OTLP endpoint is set.
   *
   * @param dev development mode: spans name rendered subjects too
   */
  public static Tracing start(TelemetryConfig config, boolean dev, Map<String, String> env) {
    if (!TracingSetup.wanted(config, env)) {
      return OFF;
    }
    OpenTelemetrySdk sdk = TracingSetup.build(config, env);
    log.info("tracing on: {}", TracingSetup.describe(config, env));
    return new Tracing(sdk, sdk.getTracer(SCOPE), dev, Sampling.of(sdk));
  }

  /** Tracing through an OpenTelemetry the caller owns (tests, embedding). */
  public static Tracing using(OpenTelemetry openTelemetry, boolean dev) {
    return new Tracing(null, openTelemetry.getTracer(SCOPE), dev, Sampling.ANY);
  }

  public boolean enabled() {
    return tracer != null;
  }

  /** Tells the spans the schema's subject templates, which they name as destinations. */
  public void describe(Bindings bindings) {
    if (enabled()) {
      templates.bind(bindings);
    }
  }

  /**
   * Starts the server span of a request, the child of its incoming {@code traceparent} when it has
   * one; {@link ServerSpan#NONE} when tracing is off.
   */
  public ServerSpan serve(
      TraceParent incoming, String traceState, String correlationId, ServerSpan.Ends ends) {
    if (tracer == null) {
      return ServerSpan.NONE;
    }
    Span span =
        tracer
            .spanBuilder("graphql")
            .setParent(SpanContexts.parentOf(incoming, traceState))
            .setSpanKind(SpanKind.SERVER)
            .startSpan();
    // attributes only for a span that records: a sampled-out request builds none
    if (span.isRecording()) {
      span.setAttribute(CORRELATION_ID, correlationId);
    }
    return new ServerSpan(span, SpanContexts.traceParent(span.getSpanContext()), ends);
  }

  /** The attempt-scoped interceptor that makes a span per NATS attempt, when tracing is on. */
  public Optional<Interceptor> attempts() {
    return enabled()
        ? Optional.of(new AttemptSpans(tracer, templates, dev, sampling))
        : Optional.empty();
  }

  /** What the NATS adapter tells of each subscription delivery. */
  public DeliveryTracer deliveries() {
    return enabled() ? new DeliverySpans(tracer, templates, dev) : DeliveryTracer.NONE;
  }

  /**
   * The engine's instrumentation: {@code results} alone when tracing is off, else one that also
   * names and ends WebSocket operation spans (one instrumentation, not a chain).
   */
  public Instrumentation instrumentation(Instrumentation results) {
    return enabled() ? new OperationSpans(results) : results;
  }

  /** Exports what is still buffered, then stops the SDK. */
  @Override
  public void close() {
    if (sdk != null) {
      CompletableResultCode done = sdk.shutdown().join(10, TimeUnit.SECONDS);
      if (!done.isSuccess()) {
        log.warn("tracing: could not export the last spans before shutdown");
      }
    }
  }
}
