package dev.switchboard.bridge.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigException;
import dev.switchboard.bridge.config.ConfigLoader;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.SchemaException;
import dev.switchboard.bridge.schema.SchemaLoader;
import graphql.schema.DataFetcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A container's filesystem rebuilt under a temporary directory from what a manifest mounts, so the
 * bridge's own loaders read the config where the container would: a key the config names but
 * nothing mounts, a misspelt key or a schema that does not load fails the test.
 */
final class MountedFiles {
  private static final DataFetcher<Object> OFFLINE =
      environment -> {
        throw new IllegalStateException("offline schema");
      };

  private final Path root;

  MountedFiles(Path root) {
    this.root = root;
  }

  /** Where a container path lands here. */
  Path path(String containerPath) {
    assertTrue(containerPath.startsWith("/"), containerPath + " is not absolute");
    return root.resolve(containerPath.substring(1));
  }

  void copy(Path hostFile, String containerPath) throws IOException {
    assertTrue(Files.isRegularFile(hostFile), "mounted file " + hostFile + " does not exist");
    Files.createDirectories(path(containerPath).getParent());
    Files.copy(hostFile, path(containerPath));
  }

  /**
   * A secret the user provides: a real signing key for a {@code .json} key file, else a password.
   */
  void secret(String containerPath) throws Exception {
    String content =
        containerPath.endsWith(".json")
            ? new ECKeyGenerator(Curve.P_256).generate().toJSONString()
            : "a-test-password";
    Files.createDirectories(path(containerPath).getParent());
    Files.writeString(path(containerPath), content);
  }

  /** The config at a container path, loaded as {@code serve} loads it. */
  BridgeConfig config(String containerPath) throws ConfigException {
    return ConfigLoader.load(path(containerPath), Map.of());
  }

  /** The schema the config names, loaded as {@code check} loads it. */
  static LoadedSchema schema(BridgeConfig config) throws SchemaException {
    LoadedSchema schema =
        SchemaLoader.load(config.schema().files(), config.requests(), binding -> OFFLINE);
    schema.bindings().requireConnections(config.nats().byName().keySet());
    return schema;
  }
}
