package dev.switchboard.bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** {@code subscriptions.multipartHeartbeat}: Apollo's 5 s by default, refused when unusable. */
class MultipartHeartbeatConfigTest {
  @TempDir Path dir;
  private String schema;

  @BeforeEach
  void writeSchema() throws IOException {
    Path file = Files.writeString(dir.resolve("schema.graphql"), "type Query { hello: String }\n");
    schema = "schema:\n  files: [" + file + "]\n";
  }

  @Test
  void multipartHeartbeat_defaultsToApollosFiveSeconds() throws ConfigException {
    assertEquals(Duration.ofSeconds(5), parse("").subscriptions().multipartHeartbeat());
  }

  @Test
  void multipartHeartbeat_isRead() throws ConfigException {
    assertEquals(
        Duration.ofMillis(200),
        parse("subscriptions:\n  multipartHeartbeat: 200ms\n")
            .subscriptions()
            .multipartHeartbeat());
  }

  @Test
  void shorterKeepAlive_bringsTheHeartbeatForward_soIdleTimeoutNeverClosesTheStream()
      throws ConfigException {
    SubscriptionsConfig config =
        parse("http:\n  idleTimeout: 1s\nsubscriptions:\n  keepAlive: 500ms\n").subscriptions();

    assertEquals(Duration.ofMillis(500), config.effectiveMultipartHeartbeat());
  }

  @Test
  void multipartHeartbeat_zero_isRefused() {
    String message = failure("subscriptions:\n  multipartHeartbeat: 0s\n");

    assertTrue(message.contains("subscriptions.multipartHeartbeat must be positive"), message);
  }

  private BridgeConfig parse(String yaml) throws ConfigException {
    return ConfigLoader.parse(schema + yaml, dir, Map.of(), "test.yaml");
  }

  private String failure(String yaml) {
    return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
  }
}
