package dev.switchboard.bridge.launcher;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigException;
import dev.switchboard.bridge.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the config file: {@code --config}, else {@code $SWITCHBOARD_CONFIG}, else {@code
 * ./switchboard.yaml}.
 */
final class ConfigFiles {
  static final String DEFAULT_FILE = "switchboard.yaml";

  private ConfigFiles() {}

  static BridgeConfig load(Main.Arguments arguments, Map<String, String> env)
      throws ConfigException {
    return ConfigLoader.load(path(arguments, env), env);
  }

  /** The file {@link #load} reads. */
  static Path path(Main.Arguments arguments, Map<String, String> env) {
    return Path.of(
        arguments.config() != null
            ? arguments.config()
            : env.getOrDefault("SWITCHBOARD_CONFIG", DEFAULT_FILE));
  }
}
