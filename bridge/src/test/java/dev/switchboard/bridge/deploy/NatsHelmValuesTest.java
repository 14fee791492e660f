package dev.switchboard.bridge.deploy;

import static dev.switchboard.bridge.deploy.DeployFiles.BASE;
import static dev.switchboard.bridge.deploy.DeployFiles.KUBERNETES;
import static dev.switchboard.bridge.deploy.DeployFiles.at;
import static dev.switchboard.bridge.deploy.DeployFiles.listAt;
import static dev.switchboard.bridge.deploy.DeployFiles.mapAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigLoader;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/k8s/nats-values.yaml for the official NATS chart: a 3-node JetStream cluster on file
 * storage that the bridge's config can reach and log in to.
 */
class NatsHelmValuesTest {
  private static final Map<String, Object> VALUES =
      DeployFiles.yaml(KUBERNETES.resolve("nats-values.yaml"));
  private static BridgeConfig bridge;

  @BeforeAll
  static void loadTheBridgesConfig(@TempDir Path dir) throws Exception {
    MountedFiles files = new MountedFiles(dir);
    files.copy(BASE.resolve("config.yaml"), "/config.yaml");
    files.copy(BASE.resolve("schema.graphql"), "/schema.graphql");
    files.secret("/secrets/identity-key.json");
    files.secret("/secrets/nats-password");
    bridge = ConfigLoader.load(files.path("/config.yaml"), Map.of());
  }

  @Test
  void cluster_hasThreeNodes_soStreamsCanKeepThreeReplicas() {
    assertEquals(true, at(VALUES, "config", "cluster", "enabled"));
    assertTrue((Integer) at(VALUES, "config", "cluster", "replicas") >= 3);
  }

  @Test
  void jetStream_storesOnPersistentVolumes() {
    Map<String, Object> jetStream = mapAt(VALUES, "config", "jetstream");
    assertEquals(true, jetStream.get("enabled"));
    assertEquals(true, at(jetStream, "fileStore", "enabled"));
    assertEquals(true, at(jetStream, "fileStore", "pvc", "enabled"));
    assertTrue(String.valueOf(at(jetStream, "fileStore", "pvc", "size")).matches("\\d+[GMT]i"));
  }

  @Test
  void clientPort_isTheOneTheBridgesUrlsName() {
    for (String url : bridge.nats().urls()) {
      assertEquals(at(VALUES, "config", "nats", "port"), URI.create(url).getPort(), url);
    }
  }

  @Test
  void theBridgesUser_exists_withItsPasswordFromTheEnvironment() {
    Object user =
        listAt(VALUES, "config", "merge", "authorization", "users").stream()
            .filter(entry -> bridge.nats().user().equals(at(entry, "user")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no NATS user " + bridge.nats().user()));
    Matcher variable = Pattern.compile("<< \\$(\\w+) >>").matcher((String) at(user, "password"));
    assertTrue(variable.matches(), "the password must come from the environment, not the values");
    assertNotNull(
        at(VALUES, "container", "env", variable.group(1), "valueFrom", "secretKeyRef", "name"),
        variable.group(1) + " is not read from a Secret");
  }
}
