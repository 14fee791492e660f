package dev.switchboard.bridge.metrics;

import dev.switchboard.subjects.TraceParent;
import java.util.Optional;

/**
 * The span a sample is being recorded for, set around the recording by whoever knows it (the call
 * listener has the call's trace; with tracing on it is the request's server span). A thread-local
 * held only for the duration of one {@code record}, so nothing leaks to the next sample.
 */
public final class RecordingSpan implements CurrentSpan {
  public static final RecordingSpan INSTANCE = new RecordingSpan();
  private static final ThreadLocal<SpanIds> RECORDING = new ThreadLocal<>();

  private RecordingSpan() {}

  /** Runs {@code record} with {@code trace} as the exemplar when it is sampled. */
  @Override
  public void during(TraceParent trace, Runnable record) {
    if (trace == null || !sampled(trace.flags())) {
      record.run();
      return;
    }
    RECORDING.set(new SpanIds(trace.traceId(), trace.spanId()));
    try {
      record.run();
    } finally {
      RECORDING.remove();
    }
  }

  /** The W3C sampled bit; other bits (e.g. 02, random trace id) may be set beside it. */
  private static boolean sampled(String flags) {
    return (Integer.parseInt(flags, 16) & 1) == 1;
  }

  @Override
  public Optional<SpanIds> sampled() {
    return Optional.ofNullable(RECORDING.get());
  }
}
