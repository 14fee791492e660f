package dev.switchboard.bridge.config;

/**
 * A separate listener for {@code /metrics}, {@code /healthz} and {@code /readyz}, so they need not
 * share the public API port. Off (they stay on the API port) unless {@code port} is set.
 *
 * @param host address to bind
 * @param port management port; 0 picks a free one
 */
public record ManagementConfig(String host, Integer port) {

  public ManagementConfig {
    host = host != null ? host : "0.0.0.0";
  }

  static ManagementConfig defaults() {
    return new ManagementConfig(null, null);
  }

  public boolean enabled() {
    return port != null;
  }
}
