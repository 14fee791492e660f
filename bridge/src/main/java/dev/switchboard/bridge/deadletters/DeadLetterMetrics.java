package dev.switchboard.bridge.deadletters;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code switchboard_dead_letters_total{field,code}}: messages recorded on the dead-letter stream;
 * {@code switchboard_dead_letter_failures_total{field}}: dead letters that could not be recorded
 * (the stream did not acknowledge them). Fields are schema coordinates and codes the few a final
 * failure has, so the label sets stay bounded.
 */
final class DeadLetterMetrics {
  private final MeterRegistry registry;

  DeadLetterMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void recorded(String field, String code) {
    Counter.builder("switchboard.dead.letters")
        .description("Failed mutations and publishes recorded on the dead-letter stream")
        .tag("field", field)
        .tag("code", code)
        .register(registry)
        .increment();
  }

  void notRecorded(String field) {
    Counter.builder("switchboard.dead.letter.failures")
        .description(
            "Dead letters the dead-letter stream did not acknowledge (the message is lost)")
        .tag("field", field)
        .register(registry)
        .increment();
  }
}
