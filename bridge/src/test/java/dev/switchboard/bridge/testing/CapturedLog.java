package dev.switchboard.bridge.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Everything logged (at the test config's levels, WARN and up) while it is open, e.g. to prove a
 * message names a problem, or that a secret never appears.
 */
public final class CapturedLog implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private CapturedLog() {
    appender.start();
    root.addAppender(appender);
  }

  public static CapturedLog start() {
    return new CapturedLog();
  }

  /** The formatted messages so far, with the text of any logged exception. */
  public List<String> lines() {
    List<ILoggingEvent> events;
    synchronized (appender) { // the appender adds under this lock
      events = new ArrayList<>(appender.list);
    }
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : events) {
      String thrown =
          event.getThrowableProxy() != null ? " " + event.getThrowableProxy().getMessage() : "";
      lines.add(event.getFormattedMessage() + thrown);
    }
    return lines;
  }

  /** Waits (up to 15 s) for a line containing {@code text}, and returns it. */
  public String await(String text) {
    Probes.awaitTrue(
        () -> lines().stream().anyMatch(line -> line.contains(text)),
        () -> "no log line contains '" + text + "'; logged: " + lines());
    return lines().stream().filter(line -> line.contains(text)).findFirst().orElseThrow();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
