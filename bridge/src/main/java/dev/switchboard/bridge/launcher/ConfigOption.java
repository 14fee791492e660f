package dev.switchboard.bridge.launcher;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by the commands that read a config file. */
final class ConfigOption {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "config file (default: $SWITCHBOARD_CONFIG, else switchboard.yaml in the working"
              + " directory)")
  private String file;

  Path path(Map<String, String> env) {
    return ConfigFiles.path(file, env);
  }

  BridgeConfig load(Map<String, String> env) throws ConfigException {
    return ConfigFiles.load(file, env);
  }
}
