package dev.switchboard.bridge.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.switchboard.bridge.config.LoggingConfig;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogLevelsTest {
  final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  final Logger calls = (Logger) LoggerFactory.getLogger("dev.switchboard.bridge.calls");
  final Level rootBefore = root.getLevel();
  final Level callsBefore = calls.getLevel();

  @AfterEach
  void restore() {
    root.setLevel(rootBefore);
    calls.setLevel(callsBefore);
  }

  @Test
  void apply_setsTheRootAndNamedLoggers() {
    LogLevels.apply(
        new LoggingConfig("error", Map.of("dev.switchboard.bridge.calls", "DEBUG"), null));

    assertEquals(Level.ERROR, root.getLevel());
    assertEquals(Level.DEBUG, calls.getLevel());
  }

  @Test
  void apply_nothingConfigured_leavesLevelsAlone() {
    LogLevels.apply(new LoggingConfig(null, null, null));

    assertEquals(rootBefore, root.getLevel());
    assertEquals(callsBefore, calls.getLevel());
  }
}
