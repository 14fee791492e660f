package dev.switchboard.bridge.config;

import java.time.Duration;
import java.util.List;

/**
 * How callers prove who they are: a bearer JWT (an OIDC access token) checked against the issuer's
 * keys. Off unless {@code issuer} is set.
 *
 * @param issuer exact {@code iss} the tokens must carry
 * @param audiences the token's {@code aud} must contain one of these
 * @param jwksUrl the issuer's JWK set (cached, refreshed ahead, re-fetched at most every {@code
 *     jwks.minRefetchInterval} on an unknown key id, served from cache during an outage)
 * @param jwksFile a local JWK set file instead of a URL
 * @param algorithms accepted signature algorithms; asymmetric only (no {@code none}, no HS*)
 * @param clockSkew tolerance for {@code exp}, {@code nbf} and a future {@code iat}
 * @param tokenType when set, the JOSE {@code typ} header the tokens must have (e.g. {@code at+jwt})
 * @param rolesClaim where the roles are: a claim name or dotted path ({@code realm_access.roles})
 * @param scopesClaim where the scopes are: a space-separated string or an array
 * @param anonymous whether requests without a token are served, and as which role
 * @param jwks JWK set fetching
 * @param tokenCache how many validated tokens to keep (until their expiry)
 * @param maxTokenLifetime longest accepted token life: {@code exp - iat} (or {@code exp - now}
 *     without {@code iat})
 */
public record AuthConfig(
    String issuer,
    List<String> audiences,
    String jwksUrl,
    String jwksFile,
    List<String> algorithms,
    Duration clockSkew,
    String tokenType,
    String rolesClaim,
    String scopesClaim,
    Anonymous anonymous,
    Jwks jwks,
    Integer tokenCache,
    Duration maxTokenLifetime) {

  public AuthConfig {
    audiences = audiences != null ? List.copyOf(audiences) : List.of();
    algorithms = algorithms != null ? List.copyOf(algorithms) : List.of("RS256", "PS256", "ES256");
    clockSkew = clockSkew != null ? clockSkew : Duration.ofSeconds(30);
    rolesClaim = rolesClaim != null ? rolesClaim : "roles";
    scopesClaim = scopesClaim != null ? scopesClaim : "scope";
    anonymous = anonymous != null ? anonymous : new Anonymous(null, null);
    jwks = jwks != null ? jwks : new Jwks(null, null, null, null, null);
    tokenCache = tokenCache != null ? tokenCache : 10_000;
    maxTokenLifetime = maxTokenLifetime != null ? maxTokenLifetime : Duration.ofHours(24);
  }

  static AuthConfig defaults() {
    return new AuthConfig(
        null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public boolean enabled() {
    return issuer != null;
  }

  /**
   * @param enabled serve requests without a token (when auth is on)
   * @param role the role such requests get
   */
  public record Anonymous(Boolean enabled, String role) {
    public Anonymous {
      enabled = enabled != null ? enabled : false;
      role = role != null ? role : "anonymous";
    }
  }

  /**
   * @param cacheTtl how long fetched keys are used
   * @param refreshAhead refresh this long before they expire, in the background
   * @param minRefetchInterval at most one re-fetch per interval for unknown key ids (a flood of
   *     made-up {@code kid}s cannot hammer the issuer)
   * @param timeout HTTP connect and read timeout
   * @param outageTolerance keep using cached keys this long while the JWKS endpoint is down
   */
  public record Jwks(
      Duration cacheTtl,
      Duration refreshAhead,
      Duration minRefetchInterval,
      Duration timeout,
      Duration outageTolerance) {
    public Jwks {
      cacheTtl = cacheTtl != null ? cacheTtl : Duration.ofMinutes(5);
      refreshAhead = refreshAhead != null ? refreshAhead : Duration.ofSeconds(30);
      minRefetchInterval = minRefetchInterval != null ? minRefetchInterval : Duration.ofSeconds(30);
      timeout = timeout != null ? timeout : Duration.ofSeconds(2);
      outageTolerance = outageTolerance != null ? outageTolerance : Duration.ofHours(1);
    }
  }
}
