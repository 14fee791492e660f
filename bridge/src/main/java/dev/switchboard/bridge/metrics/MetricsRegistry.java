package dev.switchboard.bridge.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The Prometheus registry behind {@code /metrics}, with the JVM's own meters. */
public final class MetricsRegistry {
  private MetricsRegistry() {}

  /** Without tracing: no exemplars. */
  public static PrometheusMeterRegistry create() {
    return create(CurrentSpan.NONE);
  }

  /**
   * @param spans the span a sample is recorded for; its ids become the sample's exemplar (shown
   *     when {@code /metrics} is scraped as OpenMetrics)
   */
  public static PrometheusMeterRegistry create(CurrentSpan spans) {
    PrometheusMeterRegistry registry =
        spans == CurrentSpan.NONE
            ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
            : new PrometheusMeterRegistry(
                PrometheusConfig.DEFAULT,
                new PrometheusRegistry(),
                Clock.SYSTEM,
                new SpanExemplars(spans));
    registry.config().commonTags("application", "switchboard");
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }
}
