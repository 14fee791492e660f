package dev.switchboard.bridge.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigLoader;
import dev.switchboard.bridge.demo.DemoConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in demo config keeps the README's quick-start commands working. */
class DemoConfigTest {
  @TempDir Path dir;

  @Test
  void demoConfig_letsGuestsSendTheReadmesIdempotencyKey() throws Exception {
    Path jwks = Files.writeString(dir.resolve("jwks.json"), "{\"keys\": []}");
    BridgeConfig config =
        ConfigLoader.parse(
            DemoConfig.YAML.formatted("https://demo.test", "demo", jwks),
            null,
            Map.of(),
            "(built-in demo config)");

    assertTrue(config.auth().anonymous().enabled(), "the README's curl commands send no token");
    assertTrue(config.requests().anonymousIdempotencyKeys());
  }
}
