package dev.switchboard.bridge.config;

import dev.switchboard.subjects.Placeholder;
import dev.switchboard.subjects.SubjectTemplate;
import dev.switchboard.subjects.TemplateException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks {@code auth}, {@code authorization} and {@code identity}; each message names the key. */
final class SecurityConfigValidator {
  /** Asymmetric only: "none" and HMAC (shared-secret) algorithms can never be configured. */
  static final Set<String> ALGORITHMS =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  private static final Duration LONGEST_SKEW = Duration.ofMinutes(5);

  private SecurityConfigValidator() {}

  static void validate(BridgeConfig config) throws ConfigException {
    validateAuth(config.auth());
    validateAuthorization(config.authorization());
    validateIdentity(config);
  }

  private static void validateAuth(AuthConfig auth) throws ConfigException {
    if (!auth.enabled()) {
      require(
          auth.jwksUrl() == null && auth.jwksFile() == null && auth.audiences().isEmpty(),
          "auth.issuer is required when auth is configured (the exact 'iss' of accepted tokens)");
      return;
    }
    require(!auth.issuer().isBlank(), "auth.issuer must not be empty");
    require(
        !auth.audiences().isEmpty(),
        "auth.audiences is required: the token 'aud' values this bridge accepts");
    require(
        (auth.jwksUrl() == null) != (auth.jwksFile() == null),
        "set exactly one of auth.jwksUrl and auth.jwksFile");
    if (auth.jwksUrl() != null) {
      checkJwksUrl(auth.jwksUrl());
      checkJwksTimings(auth.jwks());
    }
    if (auth.jwksFile() != null) {
      require(
          Files.isReadable(Path.of(auth.jwksFile())),
          "auth.jwksFile: " + auth.jwksFile() + " is not readable");
    }
    require(!auth.algorithms().isEmpty(), "auth.algorithms must not be empty");
    for (String algorithm : auth.algorithms()) {
      require(
          ALGORITHMS.contains(algorithm),
          "auth.algorithms: '"
              + algorithm
              + "' is not allowed; use asymmetric algorithms only: "
              + String.join(", ", ALGORITHMS.stream().sorted().toList()));
    }
    require(
        !auth.clockSkew().isNegative() && auth.clockSkew().compareTo(LONGEST_SKEW) <= 0,
        "auth.clockSkew must be between 0s and 5m");
    require(
        !auth.maxTokenLifetime().isNegative() && !auth.maxTokenLifetime().isZero(),
        "auth.maxTokenLifetime must be positive");
    require(auth.tokenCache() >= 0, "auth.tokenCache must not be negative");
    require(
        !auth.rolesClaim().isBlank() && !auth.scopesClaim().isBlank(),
        "auth.rolesClaim and auth.scopesClaim must not be empty");
  }

  private static void checkJwksUrl(String url) throws ConfigException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException malformed) {
      throw new ConfigException("auth.jwksUrl: '" + url + "' is not a URL");
    }
    boolean loopback =
        "localhost".equals(uri.getHost())
            || "127.0.0.1".equals(uri.getHost())
            || "[::1]".equals(uri.getHost());
    require(
        "https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback),
        "auth.jwksUrl must be https (plain http only to localhost): " + url);
    // Fix: "https:///jwks.json" passed and every token then got 503 at run time.
    require(uri.getHost() != null, "auth.jwksUrl must name a host: " + url);
  }

  /**
   * Fix: nimbus's JWKSourceBuilder refuses these combinations only when the bridge starts, with a
   * message that names no key; a zero timeout meant no timeout at all (a hung issuer held every
   * validation thread).
   */
  private static void checkJwksTimings(AuthConfig.Jwks jwks) throws ConfigException {
    require(
        positive(jwks.cacheTtl())
            && positive(jwks.timeout())
            && positive(jwks.minRefetchInterval()),
        "auth.jwks.cacheTtl, auth.jwks.timeout and auth.jwks.minRefetchInterval must be positive");
    require(
        !jwks.refreshAhead().isNegative() && !jwks.outageTolerance().isNegative(),
        "auth.jwks.refreshAhead and auth.jwks.outageTolerance must not be negative");
    require(
        jwks.minRefetchInterval().compareTo(jwks.cacheTtl()) < 0,
        "auth.jwks.minRefetchInterval must be shorter than auth.jwks.cacheTtl");
    require(
        jwks.refreshAhead().plus(jwks.timeout().multipliedBy(2)).compareTo(jwks.cacheTtl()) <= 0,
        "auth.jwks.refreshAhead plus twice auth.jwks.timeout must not exceed auth.jwks.cacheTtl");
  }

  private static void validateAuthorization(AuthorizationConfig authorization)
      throws ConfigException {
    if (!authorization.enabled()) {
      return;
    }
    for (Map.Entry<String, AuthorizationConfig.Role> role : authorization.roles().entrySet()) {
      String key = "authorization.roles." + role.getKey();
      require(
          role.getValue() != null, key + " is empty; give it request/publish/subscribe patterns");
      checkRules(key, role.getValue().allow());
      checkRules(key + ".deny", role.getValue().deny());
    }
    checkRules("authorization.deny", authorization.deny());
  }

  private static void checkRules(String key, AuthorizationConfig.Rules rules)
      throws ConfigException {
    checkPatterns(key + ".request", rules.request());
    checkPatterns(key + ".publish", rules.publish());
    checkPatterns(key + ".subscribe", rules.subscribe());
  }

  private static void checkPatterns(String key, List<String> patterns) throws ConfigException {
    for (int i = 0; i < patterns.size(); i++) {
      String where = key + "[" + i + "]";
      try {
        SubjectTemplate template =
            SubjectTemplate.parse(patterns.get(i), SubjectTemplate.Kind.SUBSCRIBE);
        for (Placeholder placeholder : template.placeholders()) {
          require(
              placeholder.source() == Placeholder.Source.CLAIMS,
              where
                  + ": only {{ claims.* }} placeholders can appear in a permission, not "
                  + placeholder);
        }
      } catch (TemplateException bad) {
        throw new ConfigException(where + ": " + bad.getMessage());
      }
    }
  }

  private static void validateIdentity(BridgeConfig config) throws ConfigException {
    IdentityConfig identity = config.identity();
    require(
        !identity.ttl().isNegative()
            && identity.ttl().compareTo(Duration.ofSeconds(30)) >= 0
            && identity.ttl().compareTo(Duration.ofHours(1)) <= 0,
        "identity.ttl must be between 30s and 1h");
    try {
      SubjectTemplate subject =
          SubjectTemplate.parse(identity.jwksSubject(), SubjectTemplate.Kind.PUBLISH);
      require(subject.placeholders().isEmpty(), "identity.jwksSubject must be a plain subject");
    } catch (TemplateException bad) {
      throw new ConfigException("identity.jwksSubject: " + bad.reason());
    }
    if (!identity.enabledWith(config.auth())) {
      return;
    }
    if (identity.signingKeyFile() == null) {
      require(
          config.dev(),
          "identity.signingKeyFile is required to sign identity envelopes (an EC P-256 private"
              + " JWK); only dev mode generates a key at start");
    } else {
      require(
          Files.isReadable(Path.of(identity.signingKeyFile())),
          "identity.signingKeyFile: " + identity.signingKeyFile() + " is not readable");
    }
    checkPublishedKeyFiles(identity);
  }

  /** The key contents (curve, kids) are checked when the signer reads them, at start and reload. */
  private static void checkPublishedKeyFiles(IdentityConfig identity) throws ConfigException {
    Set<Path> seen = new HashSet<>();
    if (identity.signingKeyFile() != null) {
      seen.add(Path.of(identity.signingKeyFile()).toAbsolutePath().normalize());
    }
    for (int i = 0; i < identity.publishedKeyFiles().size(); i++) {
      String file = identity.publishedKeyFiles().get(i);
      String key = "identity.publishedKeyFiles[" + i + "]: " + file;
      require(Files.isReadable(Path.of(file)), key + " is not readable");
      require(
          seen.add(Path.of(file).toAbsolutePath().normalize()),
          key
              + " is listed twice or is identity.signingKeyFile; list each key that does not sign"
              + " once");
    }
  }

  private static boolean positive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }

  private static void require(boolean condition, String message) throws ConfigException {
    if (!condition) {
      throw new ConfigException(message);
    }
  }
}
