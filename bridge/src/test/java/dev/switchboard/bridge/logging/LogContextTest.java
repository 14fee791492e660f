package dev.switchboard.bridge.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.subjects.TraceParent;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {
  final TraceParent trace = TraceParent.newTrace();

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void of_setsTheKeys_andCloseRemovesThem() {
    try (LogContext scope = LogContext.of("req-1", trace)) {
      assertEquals("req-1", MDC.get(LogContext.CORRELATION_ID));
      assertEquals(trace.traceId(), MDC.get(LogContext.TRACE_ID));
      assertEquals(trace.spanId(), MDC.get(LogContext.SPAN_ID));
    }

    assertNull(MDC.get(LogContext.CORRELATION_ID));
    assertNull(MDC.get(LogContext.TRACE_ID));
    assertNull(MDC.get(LogContext.SPAN_ID));
  }

  @Test
  void nestedScope_restoresTheOuterOne() {
    try (LogContext outer = LogContext.of("outer", trace)) {
      try (LogContext inner = LogContext.ofCorrelationId("inner")) {
        assertEquals("inner", MDC.get(LogContext.CORRELATION_ID));
        assertNull(MDC.get(LogContext.TRACE_ID), "a refused request has no trace yet");
      }
      assertEquals("outer", MDC.get(LogContext.CORRELATION_ID));
      assertEquals(trace.traceId(), MDC.get(LogContext.TRACE_ID));
    }
  }

  @Test
  void asIs_changesNothing() {
    MDC.put(LogContext.CORRELATION_ID, "kept");
    try (LogContext scope = LogContext.asIs()) {
      assertEquals("kept", MDC.get(LogContext.CORRELATION_ID));
    }
    assertEquals("kept", MDC.get(LogContext.CORRELATION_ID));
  }

  @Test
  void propagating_runsEachTaskInTheScope_andLeavesNothingBehind() {
    String[] seen = new String[2];
    Executor hop = LogContext.propagating(Runnable::run, "req-2", trace);

    hop.execute(
        () -> {
          seen[0] = MDC.get(LogContext.CORRELATION_ID);
          seen[1] = MDC.get(LogContext.SPAN_ID);
        });

    assertEquals("req-2", seen[0]);
    assertEquals(trace.spanId(), seen[1]);
    assertNull(MDC.get(LogContext.CORRELATION_ID), "no stale id on the thread after the task");
  }

  @Test
  void propagating_aTaskThatThrows_stillRestoresTheThread() {
    Executor hop = LogContext.propagating(Runnable::run, "req-3", trace);

    assertThrows(
        IllegalStateException.class,
        () ->
            hop.execute(
                () -> {
                  throw new IllegalStateException("fails");
                }));

    assertNull(MDC.get(LogContext.CORRELATION_ID));
    assertNull(MDC.get(LogContext.TRACE_ID));
  }

  @Test
  void propagating_inlineInsideTheSameRequestsScope_keepsThatScope() {
    Executor hop = LogContext.propagating(Runnable::run, "req-4", trace);
    String[] seen = new String[1];

    try (LogContext outer = LogContext.of("req-4", trace)) {
      hop.execute(() -> seen[0] = MDC.get(LogContext.CORRELATION_ID));

      assertEquals("req-4", seen[0]);
      assertEquals("req-4", MDC.get(LogContext.CORRELATION_ID), "the outer scope is intact");
      assertEquals(trace.spanId(), MDC.get(LogContext.SPAN_ID));
    }
    assertNull(MDC.get(LogContext.CORRELATION_ID));
  }

  @Test
  void propagating_inlineInsideAnotherRequestsScope_switchesAndPutsItBack() {
    TraceParent otherTrace = TraceParent.newTrace();
    Executor hop = LogContext.propagating(Runnable::run, "req-5", trace);
    String[] seen = new String[2];

    try (LogContext outer = LogContext.of("other", otherTrace)) {
      hop.execute(
          () -> {
            seen[0] = MDC.get(LogContext.CORRELATION_ID);
            seen[1] = MDC.get(LogContext.TRACE_ID);
          });

      assertEquals("other", MDC.get(LogContext.CORRELATION_ID));
      assertEquals(otherTrace.traceId(), MDC.get(LogContext.TRACE_ID));
    }
    assertEquals("req-5", seen[0]);
    assertEquals(trace.traceId(), seen[1]);
  }

  @Test
  void propagating_sameIdButAnotherSpan_takesItsOwnSpan() {
    TraceParent childSpan = trace.newSpan();
    Executor hop = LogContext.propagating(Runnable::run, "req-6", childSpan);
    String[] seen = new String[1];

    try (LogContext outer = LogContext.of("req-6", trace)) {
      hop.execute(() -> seen[0] = MDC.get(LogContext.SPAN_ID));

      assertEquals(trace.spanId(), MDC.get(LogContext.SPAN_ID));
    }
    assertEquals(childSpan.spanId(), seen[0]);
  }
}
