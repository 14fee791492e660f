package dev.switchboard.bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code deadLetters} section: off by default, documented defaults, and what it refuses. */
class DeadLettersConfigTest {
  @TempDir Path dir;
  private Path schemaFile;

  @BeforeEach
  void writeSchema() throws IOException {
    schemaFile = Files.writeString(dir.resolve("schema.graphql"), "type Query { hello: String }\n");
  }

  private BridgeConfig parse(String deadLetters) throws ConfigException {
    String yaml = "schema:\n  files: [" + schemaFile + "]\n" + deadLetters;
    return ConfigLoader.parse(yaml, dir, Map.of(), "test.yaml");
  }

  @Test
  void parse_withoutTheSection_isOff() throws Exception {
    assertFalse(parse("").deadLetters().enabled());
  }

  @Test
  void parse_streamOnly_fillsEveryDocumentedDefault() throws Exception {
    DeadLettersConfig deadLetters = parse("deadLetters:\n  stream: DEAD\n").deadLetters();

    assertTrue(deadLetters.enabled());
    assertEquals("switchboard.deadletters", deadLetters.subject());
    assertEquals("switchboard.deadletters.orders.place", deadLetters.subjectFor("orders.place"));
    assertEquals("switchboard.deadletters.>", deadLetters.streamSubjects());
    assertEquals("default", deadLetters.connection());
    assertTrue(deadLetters.create());
    assertEquals(Duration.ofDays(7), deadLetters.maxAge());
    assertEquals(1024L * 1024 * 1024, deadLetters.maxBytes());
    assertEquals(1, deadLetters.replicas());
    assertEquals(Duration.ofSeconds(2), deadLetters.publishTimeout());
  }

  @Test
  void parse_maxAgeInDays_takesTheIsoForm() throws Exception {
    assertEquals(
        Duration.ofDays(30),
        parse("deadLetters:\n  stream: DEAD\n  maxAge: P30D\n").deadLetters().maxAge());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "stream: dead.letters | deadLetters.stream 'dead.letters' is not a stream name",
        "subject: dead.> | deadLetters.subject 'dead.>' must be a subject prefix without wildcards",
        "subject: dead..x | deadLetters.subject 'dead..x' must be a subject prefix",
        "connection: audit | deadLetters.connection 'audit' is not a configured NATS connection",
        "maxAge: 0s | deadLetters.maxAge must be positive",
        "maxBytes: 0 | deadLetters.maxBytes must be positive",
        "replicas: 7 | deadLetters.replicas must be between 1 and 5",
        "publishTimeout: 2m | deadLetters.publishTimeout must be between 1ms and 1m"
      })
  void parse_badValue_isRefusedNamingTheKey(String setting, String message) {
    String yaml =
        "deadLetters:\n  " + (setting.startsWith("stream:") ? "" : "stream: DEAD\n  ") + setting;

    ConfigException refused = assertThrows(ConfigException.class, () -> parse(yaml + "\n"));

    assertTrue(refused.getMessage().contains(message), refused.getMessage());
  }
}
