package dev.switchboard.bridge.telemetry;

import dev.switchboard.bridge.config.TelemetryConfig;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the OpenTelemetry SDK with its autoconfiguration, so every standard {@code OTEL_*}
 * variable (and {@code otel.*} system property) works and wins over the {@code telemetry.*} keys,
 * which are only defaults. Traces only: metrics stay on Prometheus, logs in the JSON log.
 */
final class TracingSetup {
  private TracingSetup() {}

  /** On when an OTLP endpoint is set (key or variable) and nothing turns the SDK or traces off. */
  static boolean wanted(TelemetryConfig config, Map<String, String> env) {
    if ("true".equalsIgnoreCase(setting("OTEL_SDK_DISABLED", env))
        || "none".equalsIgnoreCase(setting("OTEL_TRACES_EXPORTER", env))) {
      return false;
    }
    return config.endpoint() != null
        || setting("OTEL_EXPORTER_OTLP_ENDPOINT", env) != null
        || setting("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", env) != null;
  }

  static OpenTelemetrySdk build(TelemetryConfig config, Map<String, String> env) {
    preferJdkHttpSender(env);
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.traces.exporter", "otlp");
    defaults.put("otel.metrics.exporter", "none");
    defaults.put("otel.logs.exporter", "none");
    // the OTLP spec's default; the Java SDK's own default would be grpc
    defaults.put("otel.exporter.otlp.protocol", config.protocol());
    // batches of 2048 (the SDK's 512 means four HTTP exports for the same spans) and room for a
    // few of them, so a burst of ~10k spans/s is not dropped; OTEL_BSP_* still win
    defaults.put("otel.bsp.max.export.batch.size", "2048");
    defaults.put("otel.bsp.max.queue.size", "8192");
    if (config.endpoint() != null) {
      defaults.put("otel.exporter.otlp.endpoint", config.endpoint());
    }
    if (config.sampleRatio() != null) {
      defaults.put("otel.traces.sampler", "parentbased_traceidratio");
      defaults.put("otel.traces.sampler.arg", Double.toString(config.sampleRatio()));
    }
    String resource = setting("OTEL_RESOURCE_ATTRIBUTES", env);
    if (resource == null || !resource.contains("service.name=")) {
      defaults.put("otel.service.name", config.serviceName());
    }
    return AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> defaults)
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
  }

  /**
   * OTLP/HTTP through the JDK's HttpClient rather than OkHttp (both are on the class path; OkHttp
   * is kept for gRPC). The exporter reads its choice from this system property or the matching
   * variable only; one set by the operator wins.
   */
  private static void preferJdkHttpSender(Map<String, String> env) {
    if (System.getProperty(HTTP_SENDER) == null
        && env.get(HTTP_SENDER.toUpperCase(Locale.ROOT).replace('.', '_')) == null) {
      System.setProperty(HTTP_SENDER, JDK_HTTP_SENDER);
    }
  }

  private static final String HTTP_SENDER = "io.opentelemetry.sdk.common.export.HttpSenderProvider";
  private static final String JDK_HTTP_SENDER =
      "io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider";

  /**
   * Where spans go, for the start-up log: scheme, host and port only. OTLP headers and anything in
   * the URL that may carry a secret (user info, query) are never logged.
   */
  static String describe(TelemetryConfig config, Map<String, String> env) {
    String endpoint = setting("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", env);
    if (endpoint == null) {
      endpoint = setting("OTEL_EXPORTER_OTLP_ENDPOINT", env);
    }
    if (endpoint == null) {
      endpoint = config.endpoint();
    }
    String protocol = setting("OTEL_EXPORTER_OTLP_PROTOCOL", env);
    String sampler = setting("OTEL_TRACES_SAMPLER", env);
    return "OTLP "
        + (protocol != null ? protocol : config.protocol())
        + " to "
        + safe(endpoint)
        + ", sampler "
        + (sampler != null
            ? sampler
            : config.sampleRatio() != null
                ? "parentbased_traceidratio " + config.sampleRatio()
                : "parentbased_always_on");
  }

  private static String safe(String endpoint) {
    try {
      URI uri = URI.create(endpoint);
      return uri.getScheme()
          + "://"
          + uri.getHost()
          + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    } catch (IllegalArgumentException | NullPointerException unparsable) {
      return "(an endpoint that is not a URL)";
    }
  }

  /** A system property ({@code otel.sdk.disabled}) wins over the variable, as in the SDK. */
  private static String setting(String variable, Map<String, String> env) {
    String property = System.getProperty(variable.toLowerCase(Locale.ROOT).replace('_', '.'));
    String value = property != null ? property : env.get(variable);
    return value == null || value.isBlank() ? null : value;
  }
}
