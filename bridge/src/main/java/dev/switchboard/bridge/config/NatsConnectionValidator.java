package dev.switchboard.bridge.config;

import static dev.switchboard.bridge.config.ConfigValidator.positive;
import static dev.switchboard.bridge.config.ConfigValidator.require;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Checks one NATS connection block; each message names the key as written in the config. */
final class NatsConnectionValidator {
  private static final Pattern INBOX_PREFIX =
      Pattern.compile("[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*");

  private static final Pattern NATS_URL =
      Pattern.compile(
          "(?i)(nats|tls|ws|wss)://([^@/\\s]+@)?([A-Za-z0-9._\\-]+|\\[[0-9a-fA-F:]+])(:\\d{1,5})?/?");

  /** Connection names are also directive arguments and metric tags: keep them plain. */
  private static final Pattern CONNECTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

  private NatsConnectionValidator() {}

  static void validate(String connection, NatsConfig nats) throws ConfigException {
    String key = NatsConfig.keyPrefix(connection);
    require(
        CONNECTION_NAME.matcher(connection).matches(),
        "nats.connections: '"
            + connection
            + "' is not a connection name; use letters, digits, '_' and '-', starting with a"
            + " letter");
    if (!NatsConfig.DEFAULT.equals(connection)) {
      require(
          nats.connections().isEmpty(),
          key + "connections: named connections cannot have connections of their own");
      require(
          !nats.urls().isEmpty(), key + "urls is required: list the servers of this connection");
    }
    for (int i = 0; i < nats.urls().size(); i++) {
      String url = nats.urls().get(i);
      require(
          NATS_URL.matcher(url).matches(),
          key + "urls[" + i + "]: '" + url + "' is not a NATS URL; use e.g. nats://127.0.0.1:4222");
    }
    requireOneOf(key, "token", nats.token(), "tokenFile", nats.tokenFile());
    requireOneOf(key, "password", nats.password(), "passwordFile", nats.passwordFile());
    boolean hasPassword = nats.password() != null || nats.passwordFile() != null;
    require(
        (nats.user() == null) == !hasPassword,
        key + "user and " + key + "password go together: set both or neither");
    requireReadable(key + "credsFile", nats.credsFile());
    requireReadable(key + "nkeySeedFile", nats.nkeySeedFile());
    requireReadable(key + "tokenFile", nats.tokenFile());
    requireReadable(key + "passwordFile", nats.passwordFile());
    require(
        nats.credsFile() == null || nats.nkeySeedFile() == null,
        key
            + "credsFile and "
            + key
            + "nkeySeedFile both sign the server's challenge: set one of them");
    require(positive(nats.connectTimeout()), key + "connectTimeout must be positive");
    require(
        INBOX_PREFIX.matcher(nats.inboxPrefix()).matches(),
        key
            + "inboxPrefix: '"
            + nats.inboxPrefix()
            + "' is not a subject prefix; use tokens of letters, digits, '_' and '-' separated by"
            + " dots, e.g. _INBOX_switchboard");
    validateTls(key + "tls.", nats.tls());
    NatsConfig.JetStream jetStream = nats.jetStream();
    requireOneOf(
        key + "jetStream.", "domain", jetStream.domain(), "apiPrefix", jetStream.apiPrefix());
    if (jetStream.domain() != null) {
      require(
          INBOX_PREFIX.matcher(jetStream.domain()).matches() && !jetStream.domain().contains("."),
          key + "jetStream.domain: '" + jetStream.domain() + "' is not a single subject token");
    }
    if (jetStream.apiPrefix() != null) {
      require(
          INBOX_PREFIX.matcher(jetStream.apiPrefix().replaceAll("\\.$", "")).matches(),
          key + "jetStream.apiPrefix: '" + jetStream.apiPrefix() + "' is not a subject prefix");
    }
    NatsConfig.Reconnect reconnect = nats.reconnect();
    require(!reconnect.delay().isNegative(), key + "reconnect.delay must not be negative");
    require(!reconnect.jitter().isNegative(), key + "reconnect.jitter must not be negative");
    require(
        reconnect.maxAttempts() >= -1,
        key + "reconnect.maxAttempts must be -1 (forever) or a number of attempts");
  }

  private static void validateTls(String key, NatsConfig.Tls tls) throws ConfigException {
    if (tls == null) {
      return;
    }
    require(
        (tls.certFile() == null) == (tls.keyFile() == null),
        key + "certFile and " + key + "keyFile go together (mutual TLS): set both or neither");
    requireReadable(key + "caFile", tls.caFile());
    requireReadable(key + "certFile", tls.certFile());
    requireReadable(key + "keyFile", tls.keyFile());
  }

  private static void requireOneOf(
      String key, String first, Object firstValue, String second, Object secondValue)
      throws ConfigException {
    require(
        firstValue == null || secondValue == null,
        key + first + " and " + key + second + " are alternatives: set one of them");
  }

  private static void requireReadable(String key, String file) throws ConfigException {
    if (file != null) {
      require(Files.isReadable(Path.of(file)), key + ": " + file + " is not a readable file");
    }
  }
}
