package dev.switchboard.bridge.launcher;

import dev.switchboard.bridge.config.BridgeConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --port N}: the HTTP port, winning over {@code http.port} of the config. */
final class PortOption {
  @Option(
      names = "--port",
      paramLabel = "N",
      converter = PortOption.Number.class,
      description = "HTTP port, 0 for a free one (overrides http.port)")
  Integer port;

  /** The config with the port of the command line, if one was given. */
  BridgeConfig applyTo(BridgeConfig config) {
    return port != null ? ConfigOverrides.withPort(config, port) : config;
  }

  Integer value() {
    return port;
  }

  /** 0 to 65535, with a message naming the value otherwise. */
  static final class Number implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int port = Integer.parseInt(value);
        if (port >= 0 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException notANumber) {
        // reported below, with the range
      }
      throw new TypeConversionException("--port needs a number between 0 and 65535, got " + value);
    }
  }
}
