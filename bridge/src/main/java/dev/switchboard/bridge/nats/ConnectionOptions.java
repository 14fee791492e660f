package dev.switchboard.bridge.nats;

import dev.switchboard.bridge.config.NatsConfig;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * The jnats options one connection block asks for: servers, name, inboxes, TLS, authentication and
 * reconnection. Files (TLS, secrets) are read here, at start. Listeners are added by the caller.
 * The benchmark's floor server uses the same request-relevant settings (no-responders reported as a
 * failure, default flushing) so the comparison is fair.
 */
final class ConnectionOptions {
  private ConnectionOptions() {}

  /**
   * @param connection the connection's name, for messages that name a config key
   * @throws IllegalArgumentException naming key and file when a file (TLS, secret) is unusable
   */
  static Options.Builder from(String connection, NatsConfig config) {
    String key = NatsConfig.keyPrefix(connection);
    NatsConfig.Reconnect reconnect = config.reconnect();
    Options.Builder builder =
        new Options.Builder()
            .servers(config.urls().toArray(String[]::new))
            .connectionName(config.name())
            // replies come to the bridge's own inboxes: its user need not read every _INBOX.>
            .inboxPrefix(config.inboxPrefix())
            .reportNoResponders()
            .maxReconnects(reconnect.maxAttempts())
            .reconnectWait(reconnect.delay())
            .reconnectJitter(reconnect.jitter())
            .connectionTimeout(config.connectTimeout());
    if (config.usesTls()) {
      builder.sslContext(NatsTls.context(key, config));
    }
    if (config.token() != null) {
      builder.token(config.token().toCharArray());
    }
    if (config.tokenFile() != null) {
      builder.token(SecretFiles.read(key + "tokenFile", config.tokenFile()));
    }
    if (config.user() != null) {
      char[] password =
          config.passwordFile() != null
              ? SecretFiles.read(key + "passwordFile", config.passwordFile())
              : config.password().toCharArray();
      builder.userInfo(config.user().toCharArray(), password);
    }
    if (config.credsFile() != null) {
      builder.authHandler(Nats.credentials(config.credsFile()));
    }
    if (config.nkeySeedFile() != null) {
      builder.authHandler(
          Nats.staticCredentials(
              null, NKeySeeds.read(key + "nkeySeedFile", config.nkeySeedFile())));
    }
    return builder;
  }
}
