package dev.switchboard.bridge.http;

import dev.switchboard.bridge.graphql.RequestContext;
import dev.switchboard.bridge.logging.LogContext;
import dev.switchboard.subjects.TraceParent;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * What the access log says about one HTTP request or WebSocket session, filled in as the request is
 * served (who is asking, which operation) and written as one line on {@code switchboard.access}
 * when it ends. Its correlation id and trace go into the line's MDC like every other request line;
 * the rest are key-value fields. No header value is ever written (no {@code Authorization}, no
 * token), and the path is written without its query string (GET variables stay out of the log).
 *
 * <p>Used on the request's event loop only.
 */
public final class AccessRecord {
  public static final String LOGGER = "switchboard.access";
  private static final Logger log = LoggerFactory.getLogger(LOGGER);
  private static final String KEY = AccessRecord.class.getName();
  private static final int WEBSOCKET_UPGRADE = 101;

  private final long startNanos = System.nanoTime();
  private String correlationId;
  private TraceParent trace;
  private String caller;
  private String operation;
  private int operations;
  private boolean upgraded;

  private AccessRecord() {}

  /** Starts the record of a request and writes its line when the response has ended. */
  static void start(RoutingContext routing) {
    AccessRecord record = new AccessRecord();
    routing.put(KEY, record);
    routing.addEndHandler(ended -> record.httpEnded(routing, ended.succeeded()));
  }

  /**
   * The request's record; with the access log off, a record nobody writes, so callers need not ask.
   */
  public static AccessRecord of(RoutingContext routing) {
    AccessRecord record = routing.get(KEY);
    return record != null ? record : new AccessRecord();
  }

  /** The entry let the request in: its correlation id, trace and caller. */
  void admitted(RequestContext context) {
    admitted(context.correlationId(), context.trace(), context.caller().subject());
  }

  /** The entry let a request or WebSocket in. */
  public void admitted(String correlationId, TraceParent trace, String caller) {
    this.correlationId = correlationId;
    this.trace = trace;
    this.caller = caller;
  }

  /** An operation runs (the one of an HTTP request; one more on a WebSocket). */
  public void operation(String name) {
    operation = name;
    operations++;
  }

  /** The request became a WebSocket: its session gets the line, when it closes. */
  public void upgraded() {
    upgraded = true;
  }

  private void httpEnded(RoutingContext routing, boolean completed) {
    if (upgraded || !log.isInfoEnabled()) {
      return;
    }
    HttpServerRequest request = routing.request();
    HttpServerResponse response = routing.response();
    String echoed = response.headers().get(CorrelationIds.CORRELATION_ID_HEADER);
    long millis = elapsedMillis();
    LoggingEventBuilder line =
        log.atInfo()
            .addKeyValue("method", request.method().name())
            .addKeyValue("path", request.path())
            .addKeyValue("status", response.getStatusCode())
            .addKeyValue("durationMs", millis)
            .addKeyValue("operation", operation)
            .addKeyValue("caller", caller)
            .addKeyValue("bytesIn", request.bytesRead())
            .addKeyValue("bytesOut", response.bytesWritten());
    if (!completed) {
      line = line.addKeyValue("aborted", true);
    }
    String message =
        request.method().name()
            + " "
            + request.path()
            + " "
            + response.getStatusCode()
            + " "
            + millis
            + " ms"
            + (completed ? "" : " (connection closed before the response ended)");
    write(echoed != null ? echoed : correlationId, line, message);
  }

  /** The WebSocket closed: one line for its whole session. */
  public void webSocketEnded(String path, Short closeCode) {
    if (!log.isInfoEnabled()) {
      return;
    }
    long millis = elapsedMillis();
    LoggingEventBuilder line =
        log.atInfo()
            .addKeyValue("method", "GET")
            .addKeyValue("path", path)
            .addKeyValue("status", WEBSOCKET_UPGRADE)
            .addKeyValue("durationMs", millis)
            .addKeyValue("websocket", true)
            .addKeyValue("closeCode", closeCode == null ? null : (int) closeCode)
            .addKeyValue("operations", operations)
            .addKeyValue("caller", caller);
    String message = "WebSocket " + path + " closed " + closeCode + " after " + millis + " ms";
    write(correlationId, line, message);
  }

  private void write(String id, LoggingEventBuilder line, String message) {
    try (LogContext scope =
        trace != null ? LogContext.of(id, trace) : LogContext.ofCorrelationId(id)) {
      line.log(message);
    }
  }

  private long elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
