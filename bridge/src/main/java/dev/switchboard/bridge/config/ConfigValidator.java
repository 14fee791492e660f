package dev.switchboard.bridge.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Checks values that bind fine but make no sense; each message names the key. */
final class ConfigValidator {
  private static final Duration LONGEST_TIMEOUT = Duration.ofMinutes(10);

  private ConfigValidator() {}

  static void validate(BridgeConfig config) throws ConfigException {
    BridgeConfig.HttpConfig http = config.http();
    require(
        http.port() >= 0 && http.port() <= 65535,
        "http.port must be between 0 and 65535, got " + http.port());
    require(http.maxBodyBytes() > 0, "http.maxBodyBytes must be positive");
    require(http.eventLoops() > 0, "http.eventLoops must be positive");
    require(http.documentCache() >= 0, "http.documentCache must not be negative");
    require(!http.host().isBlank(), "http.host must not be empty");
    for (Map.Entry<String, NatsConfig> entry : config.nats().byName().entrySet()) {
      NatsConnectionValidator.validate(entry.getKey(), entry.getValue());
    }
    require(
        !config.schema().files().isEmpty(),
        "schema.files is required: list the GraphQL SDL files that define the API");
    for (String file : config.schema().files()) {
      require(
          file.startsWith("classpath:") || Files.isReadable(Path.of(file)),
          "schema.files: " + file + " does not exist or is not readable");
    }
    BridgeConfig.RequestsConfig requests = config.requests();
    require(
        positive(requests.timeout()) && requests.timeout().compareTo(LONGEST_TIMEOUT) <= 0,
        "requests.timeout must be between 1ms and 10m");
    require(
        requests.retries() >= 0 && requests.retries() <= 10,
        "requests.retries must be between 0 and 10");
    BridgeConfig.RetryConfig retry = requests.retry();
    require(positive(retry.backoff()), "requests.retry.backoff must be positive");
    require(
        retry.maxBackoff().compareTo(retry.backoff()) >= 0,
        "requests.retry.maxBackoff must not be shorter than requests.retry.backoff");
    require(
        retry.budgetRatio() >= 0 && retry.budgetRatio() <= 1,
        "requests.retry.budgetRatio must be between 0 and 1");
    require(retry.minPerSecond() >= 0, "requests.retry.minPerSecond must not be negative");
    SubscriptionsConfig subscriptions = config.subscriptions();
    require(subscriptions.bufferSize() >= 1, "subscriptions.bufferSize must be at least 1");
    require(
        subscriptions.maxPerConnection() >= 1, "subscriptions.maxPerConnection must be at least 1");
    require(positive(subscriptions.initTimeout()), "subscriptions.initTimeout must be positive");
    require(
        subscriptions.maxMessageBytes() >= 1024,
        "subscriptions.maxMessageBytes must be at least 1024");
    require(positive(subscriptions.keepAlive()), "subscriptions.keepAlive must be positive");
    require(
        positive(subscriptions.jetStreamAckWait()),
        "subscriptions.jetStreamAckWait must be positive");
    for (String origin : http.allowedOrigins()) {
      require(
          origin.equals("*") || origin.matches("https?://[^/\\s]+"),
          "http.allowedOrigins: '"
              + origin
              + "' is not an origin; use scheme://host[:port], e.g. https://app.example.com,"
              + " or \"*\" for any origin");
    }
    require(
        !http.allowedOrigins().contains("*") || http.allowedOrigins().size() == 1,
        "http.allowedOrigins: \"*\" allows every origin; list it alone, not with other origins");
    require(positive(http.idleTimeout()), "http.idleTimeout must be positive");
    require(
        subscriptions.keepAlive().compareTo(http.idleTimeout()) < 0,
        "subscriptions.keepAlive ("
            + subscriptions.keepAlive().toMillis()
            + " ms) must be shorter than http.idleTimeout ("
            + http.idleTimeout().toMillis()
            + " ms): streams with nothing to say would be closed as idle");
    require(
        positive(subscriptions.multipartHeartbeat()),
        "subscriptions.multipartHeartbeat must be positive");
    require(http.maxConnections() >= 1, "http.maxConnections must be at least 1");
    require(!http.shutdownDelay().isNegative(), "http.shutdownDelay must not be negative");
    require(
        positive(config.reload().debounce())
            && config.reload().debounce().compareTo(Duration.ofMinutes(1)) <= 0,
        "reload.debounce must be between 1ms and 1m");
    validateLimits(config.limits());
    DeadLettersValidator.validate(config.deadLetters(), config.nats().byName().keySet());
    validateDocuments(config.documents());
    validateRateLimits(config.rateLimits());
    ManagementConfig management = config.management();
    if (management.enabled()) {
      require(
          management.port() >= 0 && management.port() <= 65535,
          "management.port must be between 0 and 65535, got " + management.port());
      require(
          management.port() == 0 || !management.port().equals(http.port()),
          "management.port must differ from http.port");
      require(!management.host().isBlank(), "management.host must not be empty");
    }
    SecurityConfigValidator.validate(config);
  }

  /** Literal subject tokens (no wildcards, no spaces), as jnats appends ".<nuid>" to them. */
  private static void validateLimits(LimitsConfig limits) throws ConfigException {
    require(limits.maxDepth() >= 1, "limits.maxDepth must be at least 1");
    require(limits.maxAliases() >= 0, "limits.maxAliases must not be negative");
    require(limits.maxRootFields() >= 1, "limits.maxRootFields must be at least 1");
    require(limits.maxFields() >= 1, "limits.maxFields must be at least 1");
    require(limits.maxNatsCalls() >= 1, "limits.maxNatsCalls must be at least 1");
    require(limits.listSize() >= 1, "limits.listSize must be at least 1");
  }

  private static void validateDocuments(DocumentsConfig documents) throws ConfigException {
    for (String file : documents.manifests()) {
      require(
          Files.isReadable(Path.of(file)),
          "documents.manifests: " + file + " does not exist or is not readable");
    }
    require(
        documents.mode() == DocumentsConfig.Mode.off || !documents.manifests().isEmpty(),
        "documents.mode " + documents.mode() + " needs documents.manifests");
    require(
        !documents.apq() || documents.mode() == DocumentsConfig.Mode.off,
        "documents.apq works with documents.mode off only: a trusted-documents mode accepts"
            + " manifest documents, never client-registered ones");
    require(documents.apqCacheSize() >= 1, "documents.apqCacheSize must be at least 1");
  }

  private static void validateRateLimits(RateLimitsConfig rates) throws ConfigException {
    if (rates.requestsPerSecond() != null) {
      require(rates.requestsPerSecond() > 0, "rateLimits.requestsPerSecond must be positive");
      require(rates.burst() >= 1, "rateLimits.burst must be at least 1");
    }
    for (var role : rates.roles().entrySet()) {
      RateLimitsConfig.Rate rate = role.getValue();
      require(
          rate != null && rate.requestsPerSecond() != null && rate.requestsPerSecond() > 0,
          "rateLimits.roles." + role.getKey() + ".requestsPerSecond must be positive");
      require(rate.burst() >= 1, "rateLimits.roles." + role.getKey() + ".burst must be at least 1");
    }
    require(rates.maxCallers() >= 1, "rateLimits.maxCallers must be at least 1");
    require(
        rates.maxWebSocketsPerCaller() >= 1,
        "rateLimits.maxWebSocketsPerCaller must be at least 1");
    require(rates.maxStreamsPerCaller() >= 1, "rateLimits.maxStreamsPerCaller must be at least 1");
  }

  /**
   * scheme://[user[:password]@]host[:port][,...] as the NATS client takes it; host names may have
   * '_'.
   */
  static boolean positive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }

  static void require(boolean condition, String message) throws ConfigException {
    if (!condition) {
      throw new ConfigException(message);
    }
  }
}
