package dev.switchboard.bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code logging:} section as read from YAML and the environment. */
class LoggingConfigTest {
  @TempDir Path dir;
  private String schema;

  @BeforeEach
  void writeSchema() throws IOException {
    Path file = Files.writeString(dir.resolve("schema.graphql"), "type Query { hello: String }\n");
    schema = "schema:\n  files: [" + file + "]\n";
  }

  @Test
  void parse_noLoggingSection_keepsLogbackLevels_andLogsAccess() throws Exception {
    LoggingConfig logging = parse("").logging();

    assertNull(logging.level());
    assertEquals(Map.of(), logging.levels());
    assertTrue(logging.accessLog());
  }

  @Test
  void parse_levelsAndAccessLog_areRead() throws Exception {
    LoggingConfig logging =
        parse(
                """
                logging:
                  level: WARN
                  levels:
                    dev.switchboard.bridge.calls: debug
                    io.nats: "off"
                  accessLog: false
                """)
            .logging();

    assertEquals("warn", logging.level());
    assertEquals(
        Map.of("dev.switchboard.bridge.calls", "debug", "io.nats", "off"), logging.levels());
    assertFalse(logging.accessLog());
  }

  @Test
  void parse_accessLogFromTheEnvironment_switchesItOff() throws Exception {
    LoggingConfig logging = parse("", Map.of("SWITCHBOARD_LOGGING_ACCESS_LOG", "false")).logging();

    assertFalse(logging.accessLog());
  }

  @Test
  void parse_unknownRootLevel_namesTheKey() {
    String message = failure("logging:\n  level: loud\n");

    assertTrue(message.contains("logging.level: 'loud' is not a log level"), message);
  }

  @Test
  void parse_unknownLoggerLevel_namesTheLogger() {
    String message = failure("logging:\n  levels:\n    dev.switchboard.bridge.calls: verbose\n");

    assertTrue(
        message.contains(
            "logging.levels.dev.switchboard.bridge.calls: 'verbose' is not a log level"),
        message);
  }

  @Test
  void parse_unknownLoggingKey_isRefused() {
    String message = failure("logging:\n  format: xml\n");

    assertTrue(message.contains("unknown key 'logging.format'"), message);
  }

  private BridgeConfig parse(String yaml) throws ConfigException {
    return parse(yaml, Map.of());
  }

  private BridgeConfig parse(String yaml, Map<String, String> env) throws ConfigException {
    return ConfigLoader.parse(schema + yaml, dir, env, "test.yaml");
  }

  private String failure(String yaml) {
    return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
  }
}
