package dev.switchboard.bridge.launcher;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigException;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.RequestBinding;
import dev.switchboard.bridge.schema.SchemaException;
import dev.switchboard.bridge.schema.SchemaLoader;
import graphql.schema.DataFetcher;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code check}: validates config and schema offline (exit 1 with the reason when invalid, for CI).
 * {@code schema}: prints the client-facing SDL.
 */
final class CheckCommand {
  /** Never called: check and schema only build the schema, they do not execute it. */
  private static final DataFetcher<Object> OFFLINE = environment -> {
    throw new IllegalStateException("offline schema");
  };

  private CheckCommand() {}

  static int run(Main.Arguments arguments, Map<String, String> env, PrintStream out, PrintStream err,
      boolean printSchema) {
    try {
      BridgeConfig config = ConfigFiles.load(arguments, env);
      LoadedSchema schema = SchemaLoader.load(config.schema().files(), config.requests(), binding -> OFFLINE);
      if (printSchema) {
        out.print(schema.clientSdl());
        return 0;
      }
      out.println("config ok: " + config.schema().files().size() + " schema file(s), "
          + schema.bindings().size() + " NATS-backed field(s)");
      for (RequestBinding binding : schema.bindings()) {
        out.println("  " + binding.coordinate() + " -> " + binding.subject().source()
            + " (timeout " + dev.switchboard.bridge.config.Durations.format(binding.policy().timeout())
            + ", retries " + binding.policy().retries() + ")");
      }
      return 0;
    } catch (ConfigException invalid) {
      err.println("invalid configuration: " + invalid.getMessage());
      return 1;
    } catch (SchemaException invalid) {
      err.println("invalid schema:\n" + invalid.getMessage());
      return 1;
    }
  }
}
