package dev.switchboard.bridge.logging;

import dev.switchboard.subjects.TraceParent;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.MDC;

/**
 * The request a thread works for, for the lines logged inside one scope: its correlation id and
 * trace reach each line's MDC, and what was there before is back when the scope closes:
 *
 * <pre>
 * try (LogContext scope = LogContext.of(call.correlationId(), call.trace())) {
 *   log.info(...);
 * }
 * </pre>
 *
 * <p>A scope only notes the request on its thread; the MDC is written when a line is logged ({@link
 * RequestMdcFilter} calls {@link #toMdc}), so the scopes a request opens on every hop cost no MDC
 * writes when nothing is logged. Requests hop between threads (event loops, the NATS reply thread,
 * timers), so each place that logs for a request, and each hop ({@link #propagating}), opens its
 * own scope, and a thread's next line, for another request or none, carries no stale id.
 */
public final class LogContext implements AutoCloseable {
  public static final String CORRELATION_ID = "correlationId";
  public static final String TRACE_ID = "traceId";
  public static final String SPAN_ID = "spanId";

  /** The request each thread works for now; null for none. */
  private static final ThreadLocal<Keys> CURRENT = new ThreadLocal<>();

  /** What each thread last wrote to the MDC's three keys; null for nothing. */
  private static final ThreadLocal<Keys> IN_MDC = new ThreadLocal<>();

  static {
    RequestMdcFilter.ensureInstalled();
  }

  private final Keys previous;

  /**
   * The scope found its thread working for the same request already (a continuation running inline
   * inside its own request's scope): it changes nothing and puts nothing back.
   */
  private final boolean unchanged;

  private LogContext(Keys previous, boolean unchanged) {
    this.previous = previous;
    this.unchanged = unchanged;
  }

  /** A scope for a request whose trace is known. */
  public static LogContext of(String correlationId, TraceParent trace) {
    return enter(Keys.of(correlationId, trace));
  }

  /** A scope for a request refused before its trace was read: its lines carry no trace keys. */
  public static LogContext ofCorrelationId(String correlationId) {
    return enter(new Keys(correlationId, null, null));
  }

  /** A scope that changes nothing: for a line whose request is not known. */
  public static LogContext asIs() {
    return new LogContext(CURRENT.get(), true);
  }

  /**
   * An executor that runs each task of the request in its scope, on {@code hop}: what request code
   * continues on after an asynchronous step (a NATS reply, a timer) comes back.
   */
  public static Executor propagating(Executor hop, String correlationId, TraceParent trace) {
    Keys keys = Keys.of(correlationId, trace);
    return task ->
        hop.execute(
            () -> {
              try (LogContext scope = enter(keys)) {
                task.run();
              }
            });
  }

  /**
   * The thread works for {@code keys} until the scope closes; a thread already working for them (a
   * continuation running inline inside its own request's scope) is left as it is.
   */
  private static LogContext enter(Keys keys) {
    Keys previous = CURRENT.get();
    if (keys.equals(previous)) {
      return new LogContext(previous, true);
    }
    CURRENT.set(keys);
    return new LogContext(previous, false);
  }

  /** Puts the thread back to the request it worked for when the scope opened. */
  @Override
  public void close() {
    if (!unchanged) {
      CURRENT.set(previous);
    }
  }

  /**
   * Brings the MDC's keys in line with the thread's request, before a line is logged: written only
   * when the request changed since the thread's last line, removed when there is none.
   */
  static void toMdc() {
    Keys current = CURRENT.get();
    Keys written = IN_MDC.get();
    if (Objects.equals(current, written)) {
      return;
    }
    if (current == null) {
      MDC.remove(CORRELATION_ID);
      MDC.remove(TRACE_ID);
      MDC.remove(SPAN_ID);
    } else {
      put(CORRELATION_ID, current.correlationId());
      put(TRACE_ID, current.traceId());
      put(SPAN_ID, current.spanId());
    }
    IN_MDC.set(current);
  }

  private static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  private record Keys(String correlationId, String traceId, String spanId) {
    static Keys of(String correlationId, TraceParent trace) {
      return new Keys(correlationId, trace.traceId(), trace.spanId());
    }
  }
}
