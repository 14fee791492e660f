package dev.switchboard.bridge.launcher;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.Durations;
import dev.switchboard.bridge.config.NatsConfig;
import dev.switchboard.bridge.documents.Manifest;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.PublishBinding;
import dev.switchboard.bridge.schema.RequestBinding;
import dev.switchboard.bridge.schema.SubscribeBinding;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code check}: validates the config and schema offline, for CI: lists the NATS-backed fields, or
 * every problem found (exit 1).
 */
@Command(
    name = "check",
    description = {
      "Validate the config and schema without connecting to anything (for CI). Lists every"
          + " problem, each with file:line, and exits 1; otherwise lists the NATS-backed fields."
    })
final class CheckCommand implements Callable<Integer> {
  @ParentCommand private Switchboard switchboard;
  @Mixin private ConfigOption configFile;

  @Override
  public Integer call() {
    PrintStream out = switchboard.out();
    return OfflineCommand.run(
        switchboard.err(),
        () -> {
          BridgeConfig config = configFile.load(switchboard.env());
          OfflineCheck check = OfflineCheck.of(config);
          if (!check.passed()) {
            return check.report(switchboard.err());
          }
          LoadedSchema schema = check.schema();
          Manifest trusted = check.trusted();
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
