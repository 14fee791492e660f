package dev.switchboard.bridge.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.TelemetryConfig;
import dev.switchboard.bridge.nats.DeliveryTracer;
import dev.switchboard.subjects.TraceParent;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingTest {
  static final TelemetryConfig DEFAULTS = new TelemetryConfig(null, null, null, null);

  @Test
  void start_withoutAnEndpoint_isOffAndMakesNoSpans() {
    Tracing tracing = Tracing.start(DEFAULTS, false, Map.of());

    assertFalse(tracing.enabled());
    assertSame(ServerSpan.NONE, tracing.serve(null, null, "c1", ServerSpan.Ends.WITH_RESPONSE));
    assertTrue(tracing.attempts().isEmpty(), "no attempt interceptor is installed");
    Instrumentation results = new SimplePerformantInstrumentation();
    assertSame(results, tracing.instrumentation(results), "no graphql-java instrumentation added");
    assertSame(DeliveryTracer.NONE, tracing.deliveries(), "deliveries skip reading headers");
  }

  @Test
  void noSpan_keepsTheIncomingTraceOrStartsOne() {
    TraceParent incoming = TraceParent.newTrace();

    assertSame(incoming, ServerSpan.NONE.trace(incoming));
    assertNotNull(ServerSpan.NONE.trace(null));
  }

  @Test
  void wanted_endpointFromKeyOrEnvironment_unlessTheSdkOrTracesAreOff() {
    TelemetryConfig keyed = new TelemetryConfig("http://collector:4318", null, null, null);
    Map<String, String> env = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");

    assertTrue(TracingSetup.wanted(keyed, Map.of()));
    assertTrue(TracingSetup.wanted(DEFAULTS, env));
    assertTrue(
        TracingSetup.wanted(
            DEFAULTS, Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318/v1/traces")));
    assertFalse(TracingSetup.wanted(keyed, Map.of("OTEL_SDK_DISABLED", "true")));
    assertFalse(TracingSetup.wanted(keyed, Map.of("OTEL_TRACES_EXPORTER", "none")));
  }

  @Test
  void describe_environmentWins_andNoSecretIsShown() {
    TelemetryConfig keyed = new TelemetryConfig("http://from-config:4318", null, 0.25, null);
    Map<String, String> env =
        Map.of(
            "OTEL_EXPORTER_OTLP_ENDPOINT", "https://user:s3cret@collector:4318/otlp?token=abc",
            "OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer s3cret");

    String described = TracingSetup.describe(keyed, env);

    assertEquals(
        "OTLP http/protobuf to https://collector:4318, sampler parentbased_traceidratio 0.25",
        described);
  }

  @Test
  void config_sampleRatioOutOfRange_isRefusedByName() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class, () -> new TelemetryConfig(null, null, 1.5, null));
    assertTrue(refused.getMessage().contains("telemetry.sampleRatio"), refused.getMessage());
  }

  @Test
  void sampling_parentBased_dropsChildrenOfUnsampledParentsOnly() {
    TraceParent sampled =
        new TraceParent(TraceParent.newTrace().traceId(), "00f067aa0ba902b7", "01");
    TraceParent unsampled = new TraceParent(sampled.traceId(), sampled.spanId(), "00");
    OpenTelemetrySdk parentBased = sdk(Sampler.parentBased(Sampler.traceIdRatioBased(0)));
    OpenTelemetrySdk always = sdk(Sampler.alwaysOn());

    assertSame(Sampling.FOLLOWS_PARENT, Sampling.of(parentBased));
    assertTrue(Sampling.FOLLOWS_PARENT.dropsChildOf(unsampled));
    assertFalse(Sampling.FOLLOWS_PARENT.dropsChildOf(sampled));
    assertSame(Sampling.ANY, Sampling.of(always), "always_on samples whatever the parent says");
    assertFalse(Sampling.ANY.dropsChildOf(unsampled));
  }

  private static OpenTelemetrySdk sdk(Sampler sampler) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().setSampler(sampler).build())
        .build();
  }

  @Test
  void start_grpcOrHttp_findsAnExporterSenderForBoth() {
    for (String protocol : new String[] {"grpc", "http/protobuf"}) {
      TelemetryConfig config = new TelemetryConfig("http://127.0.0.1:9", protocol, null, null);
      try (Tracing tracing = Tracing.start(config, false, Map.of())) {
        assertTrue(tracing.enabled(), protocol);
      }
    }
  }
}
