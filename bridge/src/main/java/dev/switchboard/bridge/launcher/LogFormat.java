package dev.switchboard.bridge.launcher;

import java.util.Map;

/**
 * Chooses the log format before the first logger exists: JSON lines for {@code serve} (for log
 * pipelines), readable text for the demo and the tools. {@code SWITCHBOARD_LOG_FORMAT=JSON|TEXT}
 * overrides. logback.xml reads the choice from this system property.
 */
final class LogFormat {
  static final String PROPERTY = "SWITCHBOARD_LOG_FORMAT";

  private LogFormat() {}

  static void choose(String command, Map<String, String> env) {
    if (System.getProperty(PROPERTY) != null) {
      return;
    }
    String chosen = env.get(PROPERTY);
    if (chosen == null || !(chosen.equalsIgnoreCase("JSON") || chosen.equalsIgnoreCase("TEXT"))) {
      chosen = command.equals("serve") ? "JSON" : "TEXT";
    }
    System.setProperty(PROPERTY, chosen.toUpperCase(java.util.Locale.ROOT));
  }
}
