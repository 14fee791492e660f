package dev.switchboard.bridge.telemetry;

import dev.switchboard.subjects.ErrorCode;
import dev.switchboard.subjects.TraceParent;
import graphql.language.OperationDefinition;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The SERVER span of one HTTP request, SSE stream or WebSocket operation. Named {@code graphql}
 * until the operation is known, then after it ({@code query GetOrder}). {@link #NONE} when tracing
 * is off: no span is made and the request keeps the incoming trace (or a new one).
 */
public final class ServerSpan {
  /** The key of a request's span in graphql-java's {@code GraphQLContext}. */
  public static final Class<ServerSpan> KEY = ServerSpan.class;

  public static final ServerSpan NONE = new ServerSpan(null, null, Ends.WITH_RESPONSE);

  /** What ends the span. */
  public enum Ends {
    /** the HTTP response (plain HTTP and SSE) */
    WITH_RESPONSE,
    /** the operation's execution (a WebSocket {@code subscribe}) */
    WITH_EXECUTION
  }

  private static final AttributeKey<Long> STATUS_CODE =
      AttributeKey.longKey("http.response.status_code");

  private final Span span;
  private final TraceParent trace;
  private final Ends ends;
  private final AtomicBoolean ended = new AtomicBoolean();

  ServerSpan(Span span, TraceParent trace, Ends ends) {
    this.span = span;
    this.trace = trace;
    this.ends = ends;
  }

  /**
   * The trace the request runs under, which its logs and NATS messages carry: this span's ids; with
   * tracing off, the incoming trace or a new one.
   */
  public TraceParent trace(TraceParent incoming) {
    if (span != null) {
      return trace;
    }
    return incoming != null ? incoming : TraceParent.newTrace();
  }

  /**
   * Whether this span is recorded (tracing on and sampled in): a span that is not needs no end. Its
   * ids still name the request's trace.
   */
  public boolean records() {
    return span != null && span.isRecording();
  }

  Ends ends() {
    return ends;
  }

  /**
   * Names the span after the operation that runs: {@code query GetOrder}, {@code mutation}. The
   * HTTP handler calls it once it has selected the operation; graphql-java's instrumentation does
   * it for WebSocket operations.
   */
  public void name(OperationDefinition operation) {
    if (span == null
        || !span.isRecording()
        || operation == null
        || operation.getOperation() == null) {
      return;
    }
    String type = operation.getOperation().name().toLowerCase(Locale.ROOT);
    span.setAttribute("graphql.operation.type", type);
    if (operation.getName() != null) {
      span.setAttribute("graphql.operation.name", operation.getName());
      span.updateName(type + " " + operation.getName());
    } else {
      span.updateName(type);
    }
  }

  /** A refused request: its status and code, then the end. */
  public void refused(int status, ErrorCode code) {
    if (span == null) {
      return;
    }
    span.setAttribute("error.type", code.name());
    span.setStatus(StatusCode.ERROR, code.name());
    end(status);
  }

  /** Ends the span with the HTTP status sent (5xx marks it failed); later calls do nothing. */
  public void end(int status) {
    if (span == null || !ended.compareAndSet(false, true)) {
      return;
    }
    span.setAttribute(STATUS_CODE, status);
    if (status >= 500) {
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
  }

  /**
   * Ends the span of a WebSocket's {@code connection_init}, accepted: its operations have spans of
   * their own.
   */
  public void endConnectionInit() {
    if (span != null) {
      span.updateName("graphql-ws connection_init");
      end(101);
    }
  }

  /** Ends a span that has no HTTP status of its own (a WebSocket operation). */
  void end() {
    if (span != null && ended.compareAndSet(false, true)) {
      span.end();
    }
  }
}
