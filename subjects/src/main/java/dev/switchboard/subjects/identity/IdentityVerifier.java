package dev.switchboard.subjects.identity;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.nats.client.Connection;
import java.io.Closeable;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * Verifies the identity envelope the bridge signs into the {@code Switchboard-Identity} header
 * (format: {@link IdentityEnvelope}). Build one per service and share it; it is thread-safe:
 *
 * <pre>{@code
 * IdentityVerifier verifier = IdentityVerifier.builder().natsJwks(connection).build();
 * Responder.builder(connection, "orders", "1.0.0")
 *     .verifyIdentity(verifier).requireIdentity()      // no valid envelope: 401, handler not run
 *     .endpoint("get", "orders.*.get", request -> list(request.identity().orElseThrow().subject()))
 *     .start();
 * }</pre>
 *
 * Or call {@link #verify(String)} yourself. Successful verifications are cached per envelope until
 * it expires. Close the verifier to stop its key refresh thread.
 */
public final class IdentityVerifier implements AutoCloseable {
  /** The default bound on cached verified envelopes, roughly the number of concurrent callers. */
  public static final int DEFAULT_CACHE_SIZE = 10_000;

  private final JWKSource<SecurityContext> keys;
  private final EnvelopeCheck check;
  private final VerifiedEnvelopeCache cache;

  private IdentityVerifier(Builder builder) {
    Duration skew = Duration.ofSeconds(builder.clockSkew.toSeconds());
    this.keys = builder.keySource.apply(builder.jwksTimeout);
    this.check = new EnvelopeCheck(keys, builder.issuer, builder.audience, skew);
    this.cache = new VerifiedEnvelopeCache(builder.cacheSize, skew);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The identity in a compact JWS envelope, if it is genuine: ES256 signed by a key in the JWK set,
   * our {@code typ}, the expected issuer and audience, a subject, and not expired.
   *
   * @throws IdentityException saying why the envelope cannot be trusted
   */
  public Identity verify(String envelope) throws IdentityException {
    if (envelope == null || envelope.isBlank()) {
      throw new IdentityException("no identity envelope");
    }
    Instant now = Instant.now();
    Identity cached = cache.get(envelope, now);
    if (cached != null) {
      return cached;
    }
    Identity identity = IdentityClaims.read(check.verify(envelope));
    cache.put(envelope, identity, now);
    return identity;
  }

  /** Stops the key source's background refresh; verifications after this may fail. */
  @Override
  public void close() {
    if (keys instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException ignored) {
        // Nimbus's sources only shut down executors; there is nothing to report.
      }
    }
  }

  /**
   * One key source ({@code jwkSet}, {@code jwksUrl} or {@code natsJwks}), the rest has defaults.
   */
  public static final class Builder {
    private Function<Duration, JWKSource<SecurityContext>> keySource;
    private String issuer = IdentityEnvelope.DEFAULT_ISSUER;
    private String audience = IdentityEnvelope.DEFAULT_AUDIENCE;
    private Duration clockSkew = Duration.ofSeconds(30);
    private Duration jwksTimeout = Duration.ofSeconds(2);
    private int cacheSize = DEFAULT_CACHE_SIZE;

    private Builder() {}

    /** Fixed public keys, e.g. read from a file at start. */
    public Builder jwkSet(JWKSet keys) {
      Objects.requireNonNull(keys, "keys");
      return keySource(timeout -> KeySources.fixed(keys));
    }

    /**
     * The bridge's {@code /.well-known/jwks.json} over HTTP(S), cached and refetched for new keys.
     */
    public Builder jwksUrl(URL url) {
      Objects.requireNonNull(url, "url");
      return keySource(timeout -> KeySources.http(url, timeout));
    }

    /** The JWK set by request on {@link IdentityEnvelope#DEFAULT_JWKS_SUBJECT}. */
    public Builder natsJwks(Connection connection) {
      return natsJwks(connection, IdentityEnvelope.DEFAULT_JWKS_SUBJECT);
    }

    /** The JWK set by request on {@code subject}, cached and refetched for new keys. */
    public Builder natsJwks(Connection connection, String subject) {
      Objects.requireNonNull(connection, "connection");
      Objects.requireNonNull(subject, "subject");
      return keySource(timeout -> KeySources.nats(connection, subject, timeout));
    }

    /** Any nimbus key source; for tests that count how often keys are looked up. */
    Builder keySource(JWKSource<SecurityContext> keys) {
      Objects.requireNonNull(keys, "keys");
      return keySource(timeout -> keys);
    }

    private Builder keySource(Function<Duration, JWKSource<SecurityContext>> source) {
      if (keySource != null) {
        // Two sources would make it unclear which keys are trusted.
        throw new IllegalStateException(
            "a verifier has one key source: jwkSet, jwksUrl or natsJwks");
      }
      keySource = source;
      return this;
    }

    /** The exact {@code iss} expected; default {@value IdentityEnvelope#DEFAULT_ISSUER}. */
    public Builder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /** A value {@code aud} must contain; default {@value IdentityEnvelope#DEFAULT_AUDIENCE}. */
    public Builder audience(String audience) {
      this.audience = Objects.requireNonNull(audience, "audience");
      return this;
    }

    /** Tolerance for clocks that disagree, in whole seconds; default 30 s. */
    public Builder clockSkew(Duration skew) {
      if (skew.isNegative()) {
        throw new IllegalArgumentException("clock skew must not be negative, was " + skew);
      }
      this.clockSkew = skew;
      return this;
    }

    /** How long one JWK set fetch (HTTP or NATS) may take; default 2 s. */
    public Builder jwksTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("JWKS timeout must be positive, was " + timeout);
      }
      this.jwksTimeout = timeout;
      return this;
    }

    /** At most this many verified envelopes are remembered; 0 verifies every time. */
    public Builder cacheSize(int entries) {
      if (entries < 0) {
        throw new IllegalArgumentException("cache size must be 0 or more, was " + entries);
      }
      this.cacheSize = entries;
      return this;
    }

    public IdentityVerifier build() {
      if (keySource == null) {
        throw new IllegalStateException("no key source: call jwkSet, jwksUrl or natsJwks");
      }
      return new IdentityVerifier(this);
    }
  }
}
