package dev.switchboard.bridge.launcher;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.BridgeConfig.HttpConfig;

/** Command-line options that win over the config file. */
final class ConfigOverrides {
  private ConfigOverrides() {}

  static BridgeConfig withPort(BridgeConfig config, int port) {
    HttpConfig http = config.http();
    return new BridgeConfig(new HttpConfig(http.host(), port, http.maxBodyBytes(), http.graphiql(),
        http.eventLoops(), http.documentCache()), config.nats(), config.schema(), config.requests(), config.dev());
  }
}
