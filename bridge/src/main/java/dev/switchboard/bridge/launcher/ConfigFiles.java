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

  /**
   * @param option the {@code --config} value, or null when none was given
   */
  static BridgeConfig load(String option, Map<String, String> env) throws ConfigException {
    return ConfigLoader.load(path(option, env), env);
  }

  /** The file {@link #load} reads. */
  static Path path(String option, Map<String, String> env) {
    return Path.of(option != null ? option : env.getOrDefault("SWITCHBOARD_CONFIG", DEFAULT_FILE));
  }
}
