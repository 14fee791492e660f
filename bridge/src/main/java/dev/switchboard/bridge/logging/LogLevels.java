package dev.switchboard.bridge.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.switchboard.bridge.config.LoggingConfig;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/** Applies {@code logging.level} and {@code logging.levels} through logback's API. */
public final class LogLevels {
  private LogLevels() {}

  /** Sets the configured levels; loggers the config does not name keep theirs. */
  public static void apply(LoggingConfig config) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext logback)) {
      // embedded with another SLF4J backend: its own configuration rules
      LoggerFactory.getLogger(LogLevels.class)
          .warn("logging.level(s) ignored: the logging backend is not logback");
      return;
    }
    if (config.level() != null) {
      logback.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(config.level()));
    }
    for (Map.Entry<String, String> named : config.levels().entrySet()) {
      logback.getLogger(named.getKey()).setLevel(Level.toLevel(named.getValue()));
    }
  }
}
