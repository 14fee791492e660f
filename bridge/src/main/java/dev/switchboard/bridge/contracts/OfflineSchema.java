package dev.switchboard.bridge.contracts;

import dev.switchboard.bridge.config.BridgeConfig.RequestsConfig;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.SchemaException;
import dev.switchboard.bridge.schema.SchemaLoader;
import java.util.List;

/** Loads a schema to read it, never to execute it: its fields have no working fetchers. */
public final class OfflineSchema {
  private OfflineSchema() {}

  public static LoadedSchema load(List<String> files, RequestsConfig defaults)
      throws SchemaException {
    return SchemaLoader.load(
        files,
        defaults,
        binding ->
            environment -> {
              throw new IllegalStateException("offline schema: " + binding.coordinate());
            });
  }
}
