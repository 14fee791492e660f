package dev.switchboard.bridge.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.subjects.TraceParent;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** What the lines logged in and around scopes carry, as a logback appender receives them. */
class LogContextTest {
  private static final Logger log = (Logger) LoggerFactory.getLogger("log-context-test");
  private static final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  static {
    log.setLevel(Level.INFO);
    log.setAdditive(false);
    lines.start();
    log.addAppender(lines);
  }

  final TraceParent trace = TraceParent.newTrace();

  @AfterEach
  void clear() {
    logged(LogContext.CORRELATION_ID); // a line outside any scope: the thread's MDC is cleared
    MDC.clear();
    lines.list.clear();
  }

  /** The value of {@code key} in the MDC of a line logged here, now. */
  static String logged(String key) {
    log.info("a line");
    return lines.list.get(lines.list.size() - 1).getMDCPropertyMap().get(key);
  }

  @Test
  void of_setsTheKeys_andCloseRemovesThem() {
    try (LogContext scope = LogContext.of("req-1", trace)) {
      assertEquals("req-1", logged(LogContext.CORRELATION_ID));
      assertEquals(trace.traceId(), logged(LogContext.TRACE_ID));
      assertEquals(trace.spanId(), logged(LogContext.SPAN_ID));
    }

    assertNull(logged(LogContext.CORRELATION_ID));
    assertNull(logged(LogContext.TRACE_ID));
    assertNull(logged(LogContext.SPAN_ID));
  }

  @Test
  void nestedScope_restoresTheOuterOne() {
    try (LogContext outer = LogContext.of("outer", trace)) {
      try (LogContext inner = LogContext.ofCorrelationId("inner")) {
        assertEquals("inner", logged(LogContext.CORRELATION_ID));
        assertNull(logged(LogContext.TRACE_ID), "a refused request has no trace yet");
      }
      assertEquals("outer", logged(LogContext.CORRELATION_ID));
      assertEquals(trace.traceId(), logged(LogContext.TRACE_ID));
    }
  }

  @Test
  void asIs_changesNothing() {
    MDC.put(LogContext.CORRELATION_ID, "kept");
    try (LogContext scope = LogContext.asIs()) {
      assertEquals("kept", logged(LogContext.CORRELATION_ID));
    }
    assertEquals("kept", logged(LogContext.CORRELATION_ID));
  }

  @Test
  void propagating_runsEachTaskInTheScope_andLeavesNothingBehind() {
    String[] seen = new String[2];
    Executor hop = LogContext.propagating(Runnable::run, "req-2", trace);

    hop.execute(
        () -> {
          seen[0] = logged(LogContext.CORRELATION_ID);
          seen[1] = logged(LogContext.SPAN_ID);
        });

    assertEquals("req-2", seen[0]);
    assertEquals(trace.spanId(), seen[1]);
    assertNull(logged(LogContext.CORRELATION_ID), "no stale id on the thread after the task");
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

    assertNull(logged(LogContext.CORRELATION_ID));
    assertNull(logged(LogContext.TRACE_ID));
  }

  @Test
  void propagating_inlineInsideTheSameRequestsScope_keepsThatScope() {
    Executor hop = LogContext.propagating(Runnable::run, "req-4", trace);
    String[] seen = new String[1];

    try (LogContext outer = LogContext.of("req-4", trace)) {
      hop.execute(() -> seen[0] = logged(LogContext.CORRELATION_ID));

      assertEquals("req-4", seen[0]);
      assertEquals("req-4", logged(LogContext.CORRELATION_ID), "the outer scope is intact");
      assertEquals(trace.spanId(), logged(LogContext.SPAN_ID));
    }
    assertNull(logged(LogContext.CORRELATION_ID));
  }

  @Test
  void propagating_inlineInsideAnotherRequestsScope_switchesAndPutsItBack() {
    TraceParent otherTrace = TraceParent.newTrace();
    Executor hop = LogContext.propagating(Runnable::run, "req-5", trace);
    String[] seen = new String[2];

    try (LogContext outer = LogContext.of("other", otherTrace)) {
      hop.execute(
          () -> {
            seen[0] = logged(LogContext.CORRELATION_ID);
            seen[1] = logged(LogContext.TRACE_ID);
          });

      assertEquals("other", logged(LogContext.CORRELATION_ID));
      assertEquals(otherTrace.traceId(), logged(LogContext.TRACE_ID));
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
      hop.execute(() -> seen[0] = logged(LogContext.SPAN_ID));

      assertEquals(trace.spanId(), logged(LogContext.SPAN_ID));
    }
    assertEquals(childSpan.spanId(), seen[0]);
  }

  @Test
  void scope_withoutALine_writesNothingToTheMdc() {
    try (LogContext scope = LogContext.of("req-7", trace)) {
      assertNull(MDC.get(LogContext.CORRELATION_ID), "written when a line is logged, not before");
      assertEquals("req-7", logged(LogContext.CORRELATION_ID));
    }
  }

  @Test
  void levelCheck_writesNothingToTheMdc_theLineAfterItDoes() {
    try (LogContext scope = LogContext.of("req-10", trace)) {
      assertTrue(log.isInfoEnabled());
      assertNull(MDC.get(LogContext.CORRELATION_ID), "a level check carries no line");
      assertEquals("req-10", logged(LogContext.CORRELATION_ID));
    }
  }

  @Test
  void lineOnAnotherThread_carriesThatThreadsRequestOnly() throws Exception {
    String[] seen = new String[2];
    try (LogContext scope = LogContext.of("req-8", trace)) {
      Thread other =
          new Thread(
              () -> {
                seen[0] = logged(LogContext.CORRELATION_ID);
                try (LogContext its = LogContext.of("req-9", trace)) {
                  seen[1] = logged(LogContext.CORRELATION_ID);
                }
              });
      other.start();
      other.join();
      assertEquals("req-8", logged(LogContext.CORRELATION_ID));
    }
    assertNull(seen[0]);
    assertEquals("req-9", seen[1]);
  }
}
