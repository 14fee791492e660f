package dev.switchboard.bridge.config;

import dev.switchboard.subjects.identity.IdentityEnvelope;
import java.time.Duration;
import java.util.List;

/**
 * The signed identity envelope the bridge puts on every NATS message ({@code
 * Switchboard-Identity}). On by default when {@code auth} is on.
 *
 * @param enabled sign envelopes (default: when auth is on)
 * @param issuer the envelope's {@code iss}
 * @param audience the envelope's {@code aud}
 * @param ttl envelope lifetime; one envelope per caller is reused until half of it is left
 * @param claims token claims copied into the envelope (e.g. tenant, email)
 * @param signingKeyFile the active key: a JWK (EC P-256, private) file that signs every envelope;
 *     without one, dev mode generates a key at start
 * @param publishedKeyFiles further keys (EC P-256 JWK files, public or private) listed in the JWK
 *     set but never used to sign: the next key before it becomes active, the previous one until its
 *     envelopes have expired
 * @param jwksSubject NATS subject answering with the public keys
 * @param forwardToken also send the caller's original bearer token ({@code Switchboard-Token})
 */
public record IdentityConfig(
    Boolean enabled,
    String issuer,
    String audience,
    Duration ttl,
    List<String> claims,
    String signingKeyFile,
    List<String> publishedKeyFiles,
    String jwksSubject,
    Boolean forwardToken) {

  public IdentityConfig {
    issuer = issuer != null ? issuer : IdentityEnvelope.DEFAULT_ISSUER;
    audience = audience != null ? audience : IdentityEnvelope.DEFAULT_AUDIENCE;
    ttl = ttl != null ? ttl : Duration.ofMinutes(5);
    claims = claims != null ? List.copyOf(claims) : List.of();
    publishedKeyFiles = publishedKeyFiles != null ? List.copyOf(publishedKeyFiles) : List.of();
    jwksSubject = jwksSubject != null ? jwksSubject : IdentityEnvelope.DEFAULT_JWKS_SUBJECT;
    forwardToken = forwardToken != null ? forwardToken : false;
  }

  static IdentityConfig defaults() {
    return new IdentityConfig(null, null, null, null, null, null, null, null, null);
  }

  /** Signing is on when asked for, else whenever callers are authenticated. */
  public boolean enabledWith(AuthConfig auth) {
    return enabled != null ? enabled : auth.enabled();
  }
}
