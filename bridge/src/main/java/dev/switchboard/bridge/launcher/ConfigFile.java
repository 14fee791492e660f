package dev.switchboard.bridge.launcher;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigException;
import dev.switchboard.bridge.reload.ConfigSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The config file {@code serve} started from, read again on reload the same way: the same
 * environment overrides and command-line options.
 */
final class ConfigFile implements ConfigSource {
  private final Main.Arguments arguments;
  private final Map<String, String> env;

  ConfigFile(Main.Arguments arguments, Map<String, String> env) {
    this.arguments = arguments;
    this.env = Map.copyOf(env);
  }

  @Override
  public BridgeConfig read() throws ConfigException {
    BridgeConfig config = ConfigFiles.load(arguments, env);
    return arguments.port() != null ? ConfigOverrides.withPort(config, arguments.port()) : config;
  }

  @Override
  public Optional<Path> file() {
    return Optional.of(ConfigFiles.path(arguments, env));
  }
}
