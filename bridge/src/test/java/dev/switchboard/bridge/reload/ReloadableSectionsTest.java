package dev.switchboard.bridge.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadableSectionsTest {
  @TempDir Path dir;

  @Test
  void effective_takesTheSchemaAndPermissionsFromTheNewConfig_andKeepsTheRunningListeners()
      throws Exception {
    BridgeConfig running = config("http: {port: 8080}\n");
    BridgeConfig read =
        config(
            """
            http: {port: 9090}
            limits: {maxDepth: 3}
            authorization:
              roles:
                viewer: {request: ["a.>"]}
            """);

    BridgeConfig effective = ReloadableSections.effective(running, read);

    assertEquals(8080, effective.http().port());
    assertEquals(3, effective.limits().maxDepth());
    assertEquals(read.authorization(), effective.authorization());
    assertEquals(List.of("http"), ReloadableSections.needingRestart(running, read));
  }

  @Test
  void needingRestart_identitySwitchedOn_isARestart_andTheRunningIdentityStays() throws Exception {
    BridgeConfig running = config("dev: true\n");
    BridgeConfig read = config("dev: true\nidentity: {enabled: true}\n");

    assertEquals(List.of("identity"), ReloadableSections.needingRestart(running, read));
    assertEquals(running.identity(), ReloadableSections.effective(running, read).identity());
  }

  @Test
  void needingRestart_sameConfig_isEmpty() throws Exception {
    assertEquals(List.of(), ReloadableSections.needingRestart(config(""), config("")));
  }

  private BridgeConfig config(String yaml) throws Exception {
    Files.writeString(dir.resolve("schema.graphql"), "type Query { a: Int }");
    return ConfigLoader.parse(
        "schema: {files: [schema.graphql]}\n" + yaml, dir, Map.of(), "test.yaml");
  }
}
