package dev.switchboard.bridge.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Logback's hook before every line (of every logger, ours and the libraries'): writes the thread's
 * request ({@link LogContext}) into the MDC, so the line carries its correlation id and trace.
 * Decides nothing. Logback asks it for level checks too ({@code isTraceEnabled}, which Vert.x Web
 * calls for each handler of each request, with no message): those write nothing, and a line writes
 * only for a level the logger logs. Declared in {@code logback.xml}, and installed by {@link
 * LogContext} into a configuration that lacks it (an operator's own {@code logback.xml}, the
 * tests').
 */
public final class RequestMdcFilter extends TurboFilter {

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    // a level check passes no message; the line that may follow it comes here again with one
    if (format != null && level != null && level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      LogContext.toMdc();
    }
    return FilterReply.NEUTRAL;
  }

  static void ensureInstalled() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
        && context.getTurboFilterList().stream()
            .noneMatch(filter -> filter instanceof RequestMdcFilter)) {
      RequestMdcFilter filter = new RequestMdcFilter();
      filter.setContext(context);
      filter.start();
      context.addTurboFilter(filter);
    }
  }
}
