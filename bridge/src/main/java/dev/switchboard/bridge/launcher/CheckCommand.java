package dev.switchboard.bridge.launcher;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.Durations;
import dev.switchboard.bridge.config.NatsConfig;
import dev.switchboard.bridge.documents.Manifest;
import dev.switchboard.bridge.ratelimit.ClientAddress;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.PublishBinding;
import dev.switchboard.bridge.schema.RequestBinding;
import dev.switchboard.bridge.schema.SchemaLoader;
import dev.switchboard.bridge.schema.SubscribeBinding;
import graphql.schema.DataFetcher;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code check}: validates config and schema offline (exit 1 with the reason when invalid, for CI).
 * {@code schema}: prints the client-facing SDL.
 */
final class CheckCommand {
  /** Never called: check and schema only build the schema, they do not execute it. */
  private static final DataFetcher<Object> OFFLINE =
      environment -> {
        throw new IllegalStateException("offline schema");
      };

  private CheckCommand() {}

  static int run(
      Main.Arguments arguments,
      Map<String, String> env,
      PrintStream out,
      PrintStream err,
      boolean printSchema) {
    return OfflineCommand.run(
        err,
        () -> {
          BridgeConfig config = ConfigFiles.load(arguments, env);
          LoadedSchema schema =
              SchemaLoader.load(config.schema().files(), config.requests(), binding -> OFFLINE);
          schema.bindings().requireConnections(config.nats().byName().keySet());
          Manifest trusted = Manifest.load(config.documents().manifests());
          ClientAddress.trusting(config.http().trustedProxies());
          if (printSchema) {
            out.print(schema.clientSdl());
            return 0;
          }
          out.println(
              "config ok: "
                  + config.schema().files().size()
                  + " schema file(s), "
                  + schema.bindings().size()
                  + " NATS-backed field(s)"
                  + (config.documents().manifests().isEmpty()
                      ? ""
                      : ", " + trusted.size() + " trusted document(s)"));
          for (RequestBinding binding : schema.bindings().requests()) {
            out.println(
                "  "
                    + binding.coordinate()
                    + " -> request "
                    + binding.subject().source()
                    + " (timeout "
                    + Durations.format(binding.policy().timeout())
                    + ", retries "
                    + binding.policy().retries()
                    + on(binding.connection())
                    + ")");
          }
          for (PublishBinding binding : schema.bindings().publishes()) {
            out.println(
                "  "
                    + binding.coordinate()
                    + " -> publish "
                    + binding.subject().source()
                    + (binding.stream() ? " (JetStream" : " (core NATS")
                    + ", timeout "
                    + Durations.format(binding.policy().timeout())
                    + on(binding.connection())
                    + ")");
          }
          for (SubscribeBinding binding : schema.bindings().subscribes()) {
            out.println(
                "  "
                    + binding.coordinate()
                    + " -> subscribe "
                    + binding.subjects().stream().map(subject -> subject.source()).toList()
                    + (binding.stream() ? " (JetStream, replayable" : " (core NATS")
                    + on(binding.connection())
                    + ")");
          }
          return 0;
        });
  }

  /** Names the connection unless it is the default one. */
  private static String on(String connection) {
    return NatsConfig.DEFAULT.equals(connection) ? "" : ", connection " + connection;
  }
}
