package dev.switchboard.bridge.config;

/**
 * OpenTelemetry tracing. The standard {@code OTEL_*} environment variables (and {@code otel.*}
 * system properties) win over these keys, so one deployment convention works for every service.
 * Tracing is off, and costs nothing, unless an OTLP endpoint is set here or in {@code
 * OTEL_EXPORTER_OTLP_ENDPOINT} / {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}.
 *
 * @param endpoint OTLP endpoint, e.g. {@code http://collector:4318} (http/protobuf) or {@code
 *     http://collector:4317} (grpc); null: only the environment can turn tracing on
 * @param protocol {@code http/protobuf} (default) or {@code grpc}
 * @param sampleRatio share of new traces recorded, 0 to 1 (default 1); an incoming {@code
 *     traceparent}'s sampled flag is followed
 * @param serviceName {@code service.name} of the spans (default {@code switchboard})
 */
public record TelemetryConfig(
    String endpoint, String protocol, Double sampleRatio, String serviceName) {

  public TelemetryConfig {
    protocol = protocol != null ? protocol : "http/protobuf";
    if (!protocol.equals("http/protobuf") && !protocol.equals("grpc")) {
      throw new IllegalArgumentException(
          "telemetry.protocol must be http/protobuf or grpc, not " + protocol);
    }
    if (sampleRatio != null && !(sampleRatio >= 0 && sampleRatio <= 1)) {
      throw new IllegalArgumentException(
          "telemetry.sampleRatio must be between 0 and 1, not " + sampleRatio);
    }
    serviceName = serviceName != null ? serviceName : "switchboard";
  }

  static TelemetryConfig defaults() {
    return new TelemetryConfig(null, null, null, null);
  }
}
