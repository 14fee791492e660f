package dev.switchboard.bridge.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Everything logged (at the test config's levels, WARN and up) while it is open, e.g. to prove a
 * message names a problem, or that a secret never appears.
 */
public final class CapturedLog implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Map<Logger, Level> raised = new LinkedHashMap<>();

  private CapturedLog() {
    appender.start();
    root.addAppender(appender);
  }

  /** What the test config lets through: WARN and up. */
  public static CapturedLog start() {
    return new CapturedLog();
  }

  /**
   * Everything the bridge and the NATS client log, DEBUG and up, e.g. to prove a secret is never
   * logged at any level.
   */
  public static CapturedLog everything() {
    CapturedLog log = new CapturedLog();
    for (String name : List.of("dev.switchboard", "io.nats")) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      log.raised.put(logger, logger.getLevel());
      logger.setLevel(Level.DEBUG);
    }
    return log;
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
    raised.forEach(Logger::setLevel);
    root.detachAppender(appender);
    appender.stop();
  }
}
