package dev.switchboard.bridge.launcher;

import dev.switchboard.bridge.config.BridgeConfig;

/** Command-line options that win over the config file. */
final class ConfigOverrides {
  private ConfigOverrides() {}

  static BridgeConfig withPort(BridgeConfig config, int port) {
    return config.withHttpPort(port);
  }
}
