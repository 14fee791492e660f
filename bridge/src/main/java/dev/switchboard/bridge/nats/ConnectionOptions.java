package dev.switchboard.bridge.nats;

import dev.switchboard.bridge.config.NatsConfig;
import io.nats.client.Options;

/**
 * The jnats options one connection block asks for: servers, name, inboxes, TLS, authentication and
 * reconnection. Files (TLS, token, NKey seed, creds) are read here, at start, and again at each
 * reconnect when their content changed (a broken file keeps the last good content); {@code
 * passwordFile} is read at start only: jnats has no password supplier. Listeners are added by the
 * caller. The benchmark's floor server uses the same request-relevant settings (no-responders
 * reported as a failure, requests written in batches) so the comparison is fair.
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
            // By default jnats ends its writer's batch at every request, one socket write each;
            // without that, the requests queued together go out in one write, still at once.
            .dontForceFlushOnRequest()
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
      String tokenKey = key + "tokenFile";
      RereadFiles<char[]> token =
          RereadFiles.of(
              tokenKey, config.tokenFile(), () -> SecretFiles.read(tokenKey, config.tokenFile()));
      // jnats asks at every connect; its copy may be wiped after use
      builder.tokenSupplier(() -> token.current().clone());
    }
    if (config.user() != null) {
      char[] password =
          config.passwordFile() != null
              ? SecretFiles.read(key + "passwordFile", config.passwordFile())
              : config.password().toCharArray();
      builder.userInfo(config.user().toCharArray(), password);
    }
    if (config.credsFile() != null) {
      builder.authHandler(RereadAuthHandler.creds(key + "credsFile", config.credsFile()));
    }
    if (config.nkeySeedFile() != null) {
      builder.authHandler(RereadAuthHandler.nkeySeed(key + "nkeySeedFile", config.nkeySeedFile()));
    }
    return builder;
  }
}
