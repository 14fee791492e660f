package dev.switchboard.bridge.launcher;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.NatsConfig;
import dev.switchboard.bridge.permissions.ConfFormat;
import dev.switchboard.bridge.permissions.JsonFormat;
import dev.switchboard.bridge.permissions.PermissionsDeriver;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code permissions}: prints the smallest NATS permissions the bridge's user needs for the config
 * and schema, for one connection, as a nats-server {@code permissions} block ({@code --format
 * conf}, the default) or as user-JWT JSON ({@code --format json}). Offline, like {@code check}:
 * exit 1 with the reason when the config, the schema or the connection name is wrong. Warnings
 * (permissions wider than they could be) go to stderr.
 */
@Command(
    name = "permissions",
    description = {
      "Print the smallest NATS permissions the bridge's user needs for one connection: a"
          + " nats-server permissions block, or JSON for user JWTs. Offline, like check."
    })
final class PermissionsCommand implements Callable<Integer> {
  /** The output formats of {@code --format}. */
  enum Format {
    conf,
    json
  }

  @ParentCommand private Switchboard switchboard;
  @Mixin private ConfigOption configFile;

  @Option(
      names = "--connection",
      paramLabel = "NAME",
      defaultValue = NatsConfig.DEFAULT,
      description = "the connection to print them for (default: ${DEFAULT-VALUE})")
  private String connection;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "conf",
      description =
          "conf (a nats-server permissions block) or json (user-JWT permissions)"
              + " (default: ${DEFAULT-VALUE})")
  private Format format;

  @Override
  public Integer call() {
    PrintStream out = switchboard.out();
    PrintStream err = switchboard.err();
    return OfflineCommand.run(
        err,
        () -> {
          BridgeConfig config = configFile.load(switchboard.env());
          PermissionsDeriver.Derived derived = PermissionsDeriver.derive(config, connection);
          derived.warnings().forEach(warning -> err.println("warning: " + warning));
          if (format == Format.json) {
            out.print(JsonFormat.render(derived.permissions()));
          } else {
            out.print(
                ConfFormat.render(
                    derived.permissions(),
                    List.of(
                        "NATS permissions of the Switchboard bridge's user, from `switchboard"
                            + " permissions`",
                        "config: "
                            + configFile.path(switchboard.env())
                            + ", connection: "
                            + connection)));
          }
          return 0;
        });
  }
}
