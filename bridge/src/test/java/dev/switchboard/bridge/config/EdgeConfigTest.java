package dev.switchboard.bridge.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP edge keys: what they default to and the combinations refused at start. */
class EdgeConfigTest {
  @TempDir Path dir;
  private String schema;

  @BeforeEach
  void writeSchema() throws IOException {
    Path file = Files.writeString(dir.resolve("schema.graphql"), "type Query { hello: String }\n");
    schema = "schema:\n  files: [" + file + "]\n";
  }

  @Test
  void allowedOrigins_star_isAcceptedAlone() {
    BridgeConfig config = assertDoesNotThrow(() -> parse("http:\n  allowedOrigins: [\"*\"]\n"));
    assertEquals(List.of("*"), config.http().allowedOrigins());
  }

  @Test
  void allowedOrigins_starWithOtherOrigins_isRefused() {
    String message = failure("http:\n  allowedOrigins: [\"*\", \"https://app.example\"]\n");

    assertTrue(message.contains("http.allowedOrigins"), message);
    assertTrue(message.contains("alone"), message);
  }

  @Test
  void keepAlive_notShorterThanIdleTimeout_isRefusedNamingBothKeys() {
    String message = failure("http:\n  idleTimeout: 10s\nsubscriptions:\n  keepAlive: 10s\n");

    assertTrue(message.contains("subscriptions.keepAlive"), message);
    assertTrue(message.contains("http.idleTimeout"), message);
  }

  @Test
  void defaults_areSafe() throws ConfigException {
    BridgeConfig config = parse("");

    assertEquals(60, config.http().idleTimeout().toSeconds());
    assertEquals(10_000, config.http().maxConnections());
    assertEquals(5, config.http().shutdownDelay().toSeconds());
    assertTrue(config.http().allowedOrigins().isEmpty());
    assertTrue(!config.management().enabled());
  }

  private BridgeConfig parse(String yaml) throws ConfigException {
    return ConfigLoader.parse(schema + yaml, dir, Map.of(), "test.yaml");
  }

  private String failure(String yaml) {
    return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
  }
}
