package dev.switchboard.bridge.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.config.IdentityConfig;
import dev.switchboard.subjects.identity.IdentityEnvelope;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs what the bridge verified into the identity envelope (format: {@link IdentityEnvelope}). One
 * envelope per caller is kept with the caller and reused until half its life is left, so signing
 * stays off the hot path. An envelope never outlives the caller's token.
 *
 * <p>The keys (one active, others published, retired ones kept until their envelopes expire) change
 * with {@link #reload}; every envelope is signed with the active key of one {@link KeyRing}, and
 * the JWK set is always made from the current ring, so it lists every key an envelope still valid
 * may carry.
 */
public final class IdentitySigner {
  /**
   * Retired keys stay listed this long past the last envelope's expiry: verifiers accept an
   * envelope up to their clock skew after {@code exp} (30 s by default in {@code subjects}).
   */
  static final Duration SKEW_ALLOWANCE = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(IdentitySigner.class);

  private final Clock clock;
  private final JwksDocument jwks;
  private volatile Keys current;

  private IdentitySigner(Keys keys, Clock clock) {
    this.current = keys;
    this.clock = clock;
    this.jwks = new JwksDocument(clock);
  }

  /** With the configured keys, or (dev mode only, checked by the config) a generated one. */
  public static IdentitySigner create(IdentityConfig config) throws IOException {
    return create(config, Clock.systemUTC());
  }

  static IdentitySigner create(IdentityConfig config, Clock clock) throws IOException {
    ECKey generated = null;
    if (config.signingKeyFile() == null) {
      generated = SigningKey.generate();
      log.warn(
          "identity envelopes are signed with a key generated for"
              + " this process (kid {}); set identity.signingKeyFile outside dev mode",
          generated.getKeyID());
    }
    KeyFiles.ConfiguredKeys keys = KeyFiles.read(config, generated);
    IdentitySigner signer =
        new IdentitySigner(Keys.of(config, KeyRing.of(keys.active(), keys.published())), clock);
    log.info("{}", signer.describe());
    return signer;
  }

  /**
   * Takes the keys (and ttl, issuer, audience, claims) of {@code next}: every key file is read and
   * checked first, then the new keys replace the old ones at once. Keys the config no longer names
   * stay in the JWK set until the envelopes signed with them have expired. Envelopes cached per
   * caller are signed again with the new active key at their next use.
   *
   * @return what the JWK set lists now, for the reload log
   * @throws IOException naming the config key and file (never key material); nothing changed
   */
  public synchronized String reload(IdentityConfig next) throws IOException {
    Keys before = current;
    KeyFiles.ConfiguredKeys keys = KeyFiles.read(next, before.ring().active());
    Instant now = clock.instant();
    Duration ttl = longer(before.config().ttl(), next.ttl());
    KeyRing ring =
        before
            .ring()
            .next(keys.active(), keys.published(), now, now.plus(ttl).plus(SKEW_ALLOWANCE));
    current = Keys.of(next, ring);
    KeyChanges.log(before.ring(), ring, now);
    String state = describe();
    log.info("{}", state);
    return state;
  }

  /** The public keys services verify envelopes with, as they are now. */
  public String publicJwks() {
    return jwks.of(current.ring());
  }

  /** The compact JWS for this caller, signed now or reused. */
  public String envelopeFor(Caller caller) {
    Keys keys = current;
    Instant now = clock.instant();
    // an envelope of another ring (before a reload) is signed again: the new active key at once
    if (caller.envelopeCache() instanceof Envelope cached
        && cached.keys() == keys
        && cached.freshUntil().isAfter(now)) {
      return cached.jws();
    }
    Instant expires = now.plus(keys.config().ttl());
    if (caller.expiresAt() != null && caller.expiresAt().isBefore(expires)) {
      expires = caller.expiresAt();
    }
    String jws = sign(keys, caller, now, expires);
    Instant freshUntil = now.plus(Duration.between(now, expires).dividedBy(2));
    caller.envelopeCache(new Envelope(keys, jws, freshUntil));
    return jws;
  }

  private static String sign(Keys keys, Caller caller, Instant now, Instant expires) {
    IdentityConfig config = keys.config();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(config.issuer())
            .audience(config.audience())
            .subject(caller.subject())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(expires))
            .claim(IdentityEnvelope.ROLES, new ArrayList<>(caller.roles()))
            .claim(IdentityEnvelope.SCOPES, new ArrayList<>(caller.scopes()))
            .claim(IdentityEnvelope.CLAIMS, selectedClaims(config, caller))
            .claim(IdentityEnvelope.ANONYMOUS, caller.isAnonymous())
            .build();
    SignedJWT jwt = new SignedJWT(keys.header(), claims);
    try {
      jwt.sign(keys.signer());
    } catch (JOSEException cannotSign) {
      throw new IllegalStateException("identity envelope signing failed", cannotSign);
    }
    return jwt.serialize();
  }

  private static Map<String, Object> selectedClaims(IdentityConfig config, Caller caller) {
    Map<String, Object> selected = new LinkedHashMap<>();
    for (String name : config.claims()) {
      Object value = caller.claims().get(name);
      if (value != null) {
        selected.put(name, value);
      }
    }
    return selected;
  }

  /** The kid that signs, then the other kids the JWK set lists now. */
  List<String> keyIds() {
    return current.ring().verificationKeys(clock.instant()).stream().map(ECKey::getKeyID).toList();
  }

  /** One line for the log: which kid signs, which are published, which are retired until when. */
  String describe() {
    return KeyChanges.describe(current.ring(), clock.instant());
  }

  private static Duration longer(Duration one, Duration other) {
    return one.compareTo(other) >= 0 ? one : other;
  }

  /** What signs together: the config, its key ring, and the active key's signer and header. */
  private record Keys(IdentityConfig config, KeyRing ring, ECDSASigner signer, JWSHeader header) {
    static Keys of(IdentityConfig config, KeyRing ring) throws IOException {
      ECKey active = ring.active();
      try {
        return new Keys(
            config,
            ring,
            new ECDSASigner(active),
            new JWSHeader.Builder(IdentityEnvelope.ALGORITHM)
                .keyID(active.getKeyID())
                .type(IdentityEnvelope.TYPE)
                .build());
      } catch (JOSEException unusable) {
        throw new IOException(
            KeyFiles.ACTIVE_KEY + ": the key with kid \"" + active.getKeyID() + "\" cannot sign");
      }
    }
  }

  /** A signed envelope, the keys that signed it, and the time after which it is signed again. */
  private record Envelope(Keys keys, String jws, Instant freshUntil) {}
}
