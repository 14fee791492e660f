package dev.switchboard.bridge.launcher;

import dev.switchboard.bridge.config.ConfigException;
import dev.switchboard.bridge.schema.SchemaException;
import java.io.PrintStream;

/**
 * The commands that read the config and schema without serving ({@code check}, {@code schema},
 * {@code permissions}): their problems are reported one way, with exit status 1.
 */
final class OfflineCommand {
  private OfflineCommand() {}

  /** What such a command does; returns its exit status. */
  @FunctionalInterface
  interface Body {
    int run() throws ConfigException, SchemaException;
  }

  static int run(PrintStream err, Body body) {
    try {
      return body.run();
    } catch (ConfigException invalid) {
      err.println("invalid configuration: " + invalid.getMessage());
      return 1;
    } catch (SchemaException invalid) {
      err.println("invalid schema:\n" + invalid.getMessage());
      return 1;
    }
  }
}
