package dev.switchboard.bridge.reload;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code switchboard_reload_total{result}} and the time of the last successful reload (the start,
 * until one happens), so an alert can tell a refused reload from an old config.
 */
public final class ReloadMetrics {
  private final Counter succeeded;
  private final Counter failed;
  private final AtomicLong lastSuccessSeconds = new AtomicLong(System.currentTimeMillis() / 1000);

  public ReloadMetrics(MeterRegistry registry) {
    this.succeeded = counter(registry, "success");
    this.failed = counter(registry, "failure");
    Gauge.builder("switchboard.reload.last.success", lastSuccessSeconds, AtomicLong::get)
        .description("When the config was last loaded successfully (start or reload)")
        .baseUnit("timestamp_seconds")
        .register(registry);
  }

  private static Counter counter(MeterRegistry registry, String result) {
    return Counter.builder("switchboard.reload")
        .description("Config reloads (SIGHUP or a watched file), by result")
        .tag("result", result)
        .register(registry);
  }

  void succeeded() {
    succeeded.increment();
    lastSuccessSeconds.set(System.currentTimeMillis() / 1000);
  }

  void failed() {
    failed.increment();
  }
}
