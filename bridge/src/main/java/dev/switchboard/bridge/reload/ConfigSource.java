package dev.switchboard.bridge.reload;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigException;
import java.nio.file.Path;
import java.util.Optional;

/** Where a reload reads the configuration again. */
public interface ConfigSource {
  BridgeConfig read() throws ConfigException;

  /** The config file, watched with {@code reload.watch}; empty when the config is not a file. */
  Optional<Path> file();

  /** A config given as an object (tests, the demo): a reload re-reads the files it names. */
  static ConfigSource fixed(BridgeConfig config) {
    return new ConfigSource() {
      @Override
      public BridgeConfig read() {
        return config;
      }

      @Override
      public Optional<Path> file() {
        return Optional.empty();
      }
    };
  }
}
