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
  private final ConfigOption config;
  private final PortOption port;
  private final Map<String, String> env;

  ConfigFile(ConfigOption config, PortOption port, Map<String, String> env) {
    this.config = config;
    this.port = port;
    this.env = Map.copyOf(env);
  }

  @Override
  public BridgeConfig read() throws ConfigException {
    return port.applyTo(config.load(env));
  }

  @Override
  public Optional<Path> file() {
    return Optional.of(config.path(env));
  }
}
