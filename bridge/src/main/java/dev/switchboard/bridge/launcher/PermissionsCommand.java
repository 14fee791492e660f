package dev.switchboard.bridge.launcher;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.NatsConfig;
import dev.switchboard.bridge.permissions.ConfFormat;
import dev.switchboard.bridge.permissions.JsonFormat;
import dev.switchboard.bridge.permissions.PermissionsDeriver;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code permissions}: prints the smallest NATS permissions the bridge's user needs for the config
 * and schema, for one connection, as a nats-server {@code permissions} block ({@code --format
 * conf}, the default) or as user-JWT JSON ({@code --format json}). Offline, like {@code check}:
 * exit 1 with the reason when the config, the schema or the connection name is wrong. Warnings
 * (permissions wider than they could be) go to stderr.
 */
final class PermissionsCommand {
  static final String CONF = "conf";
  static final String JSON = "json";

  private PermissionsCommand() {}

  static int run(
      Main.Arguments arguments, Map<String, String> env, PrintStream out, PrintStream err) {
    String connection =
        arguments.connection() != null ? arguments.connection() : NatsConfig.DEFAULT;
    return OfflineCommand.run(
        err,
        () -> {
          BridgeConfig config = ConfigFiles.load(arguments, env);
          PermissionsDeriver.Derived derived = PermissionsDeriver.derive(config, connection);
          derived.warnings().forEach(warning -> err.println("warning: " + warning));
          if (JSON.equals(arguments.format())) {
            out.print(JsonFormat.render(derived.permissions()));
          } else {
            out.print(
                ConfFormat.render(
                    derived.permissions(),
                    List.of(
                        "NATS permissions of the Switchboard bridge's user, from `switchboard"
                            + " permissions`",
                        "config: "
                            + ConfigFiles.path(arguments, env)
                            + ", connection: "
                            + connection)));
          }
          return 0;
        });
  }
}
