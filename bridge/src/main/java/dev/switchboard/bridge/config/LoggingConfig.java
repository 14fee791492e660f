package dev.switchboard.bridge.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Log levels and the access log, from the config file. Levels are applied when the bridge starts;
 * they are the JVM's (logback's), so the last bridge started in a JVM sets them.
 *
 * @param level the root level ({@code trace}, {@code debug}, {@code info}, {@code warn}, {@code
 *     error}, {@code off}); unset keeps logback.xml's {@code info}
 * @param levels levels of single loggers by name, e.g. {@code dev.switchboard.bridge.calls: debug}
 * @param accessLog one line per HTTP request and per WebSocket session on the {@code
 *     switchboard.access} logger (default true)
 */
public record LoggingConfig(String level, Map<String, String> levels, Boolean accessLog) {
  /** The level names logback knows, as written in the config. */
  public static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

  public LoggingConfig {
    accessLog = accessLog != null ? accessLog : true;
    level = level != null ? checked("logging.level", level) : null;
    Map<String, String> checked = new LinkedHashMap<>();
    if (levels != null) {
      levels.forEach(
          (logger, named) -> checked.put(logger, checked("logging.levels." + logger, named)));
    }
    levels = Map.copyOf(checked);
  }

  static LoggingConfig defaults() {
    return new LoggingConfig(null, null, null);
  }

  private static String checked(String key, String level) {
    String lower = level == null ? "" : level.trim().toLowerCase(Locale.ROOT);
    if (!LEVELS.contains(lower)) {
      throw new IllegalArgumentException(
          key + ": '" + level + "' is not a log level (trace, debug, info, warn, error, off)");
    }
    return lower;
  }
}
