package dev.switchboard.bridge.logging;

import dev.switchboard.subjects.TraceParent;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.MDC;

/**
 * Puts a request's correlation id and trace into the MDC for the lines logged inside one scope, and
 * puts back what was there before when the scope closes:
 *
 * <pre>
 * try (LogContext scope = LogContext.of(call.correlationId(), call.trace())) {
 *   log.info(...);
 * }
 * </pre>
 *
 * <p>Requests hop between threads (event loops, the NATS reply thread, timers), so the MDC is never
 * left set on a thread: each place that logs for a request, and each hop ({@link #propagating}),
 * opens its own scope, and a thread's next line, for another request or none, carries no stale id.
 */
public final class LogContext implements AutoCloseable {
  public static final String CORRELATION_ID = "correlationId";
  public static final String TRACE_ID = "traceId";
  public static final String SPAN_ID = "spanId";

  private final String previousCorrelationId;
  private final String previousTraceId;
  private final String previousSpanId;

  /**
   * The scope found the keys already as it would set them (a continuation running inline inside its
   * own request's scope): it changes nothing and puts nothing back.
   */
  private boolean unchanged;

  private LogContext() {
    previousCorrelationId = MDC.get(CORRELATION_ID);
    previousTraceId = MDC.get(TRACE_ID);
    previousSpanId = MDC.get(SPAN_ID);
  }

  /** A scope for a request whose trace is known. */
  public static LogContext of(String correlationId, TraceParent trace) {
    LogContext scope = new LogContext();
    if (Objects.equals(correlationId, scope.previousCorrelationId)
        && trace.traceId().equals(scope.previousTraceId)
        && trace.spanId().equals(scope.previousSpanId)) {
      scope.unchanged = true;
      return scope;
    }
    put(CORRELATION_ID, correlationId);
    put(TRACE_ID, trace.traceId());
    put(SPAN_ID, trace.spanId());
    return scope;
  }

  /** A scope for a request refused before its trace was read: the trace keys are cleared in it. */
  public static LogContext ofCorrelationId(String correlationId) {
    LogContext scope = new LogContext();
    put(CORRELATION_ID, correlationId);
    MDC.remove(TRACE_ID);
    MDC.remove(SPAN_ID);
    return scope;
  }

  /** A scope that changes nothing: for a line whose request is not known. */
  public static LogContext asIs() {
    return new LogContext();
  }

  /**
   * An executor that runs each task of the request in its scope, on {@code hop}: what request code
   * continues on after an asynchronous step (a NATS reply, a timer) comes back.
   */
  public static Executor propagating(Executor hop, String correlationId, TraceParent trace) {
    return task ->
        hop.execute(
            () -> {
              try (LogContext scope = of(correlationId, trace)) {
                task.run();
              }
            });
  }

  /** Restores the keys as they were when the scope opened. */
  @Override
  public void close() {
    if (unchanged) {
      return;
    }
    put(CORRELATION_ID, previousCorrelationId);
    put(TRACE_ID, previousTraceId);
    put(SPAN_ID, previousSpanId);
  }

  private static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
