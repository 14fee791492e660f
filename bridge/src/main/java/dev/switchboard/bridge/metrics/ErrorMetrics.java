package dev.switchboard.bridge.metrics;

import dev.switchboard.subjects.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code switchboard_errors_total{code}}: GraphQL errors answered to clients, by {@code
 * extensions.code}. Every code is registered at start, so each series exists (at 0) before its
 * first error and alert expressions never see a missing series. Instances made over one registry
 * count into the same series.
 */
public final class ErrorMetrics {
  private final Map<ErrorCode, Counter> counters = new EnumMap<>(ErrorCode.class);
  private final RefusalMetrics refusals;

  public ErrorMetrics(MeterRegistry registry) {
    this.refusals = new RefusalMetrics(registry);
    for (ErrorCode code : ErrorCode.values()) {
      counters.put(
          code,
          Counter.builder("switchboard.errors")
              .description("GraphQL errors answered to clients, by extensions.code")
              .tag("code", code.name())
              .register(registry));
    }
  }

  public void count(ErrorCode code) {
    counters.get(code).increment();
  }

  /**
   * One error; a {@code QUERY_TOO_COMPLEX} one also counts as a refusal for the limit its message
   * names.
   */
  public void count(ErrorCode code, String message) {
    count(code);
    if (code == ErrorCode.QUERY_TOO_COMPLEX) {
      refusals.count(RefusalMetrics.limitOf(message));
    }
  }

  /** An error by the code its {@code extensions.code} names; unknown names count as INTERNAL. */
  public void countNamed(Object extensionsCode, String message) {
    count(codeNamed(extensionsCode), message);
  }

  /** Refusals the HTTP layer sees by status only (an oversized body). */
  public RefusalMetrics refusals() {
    return refusals;
  }

  private static ErrorCode codeNamed(Object name) {
    if (name instanceof String text) {
      for (ErrorCode code : ErrorCode.values()) {
        if (code.name().equals(text)) {
          return code;
        }
      }
    }
    return ErrorCode.INTERNAL;
  }
}
