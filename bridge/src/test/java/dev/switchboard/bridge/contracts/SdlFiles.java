package dev.switchboard.bridge.contracts;

import dev.switchboard.bridge.config.BridgeConfig.RequestsConfig;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.SchemaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads test SDL the way the commands do. */
final class SdlFiles {
  private SdlFiles() {}

  static LoadedSchema load(Path directory, String name, String sdl) {
    try {
      Path file = directory.resolve(name);
      Files.writeString(file, sdl);
      return OfflineSchema.load(
          List.of(file.toString()), new RequestsConfig(null, null, null, null));
    } catch (IOException unwritable) {
      throw new UncheckedIOException(unwritable);
    } catch (SchemaException invalid) {
      throw new AssertionError(invalid.getMessage(), invalid);
    }
  }
}
