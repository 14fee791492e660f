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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Signs what the bridge verified into the identity envelope (format: {@link IdentityEnvelope}). One
 * envelope per caller is kept with the caller and reused until half its life is left, so signing
 * stays off the hot path. An envelope never outlives the caller's token.
 */
public final class IdentitySigner {
  private final IdentityConfig config;
  private final ECKey key;
  private final ECDSASigner signer;
  private final JWSHeader header;

  private IdentitySigner(IdentityConfig config, ECKey key) throws JOSEException {
    this.config = config;
    this.key = key;
    this.signer = new ECDSASigner(key);
    this.header =
        new JWSHeader.Builder(IdentityEnvelope.ALGORITHM)
            .keyID(key.getKeyID())
            .type(IdentityEnvelope.TYPE)
            .build();
  }

  /** With the configured key, or (dev mode only, checked by the config) a generated one. */
  public static IdentitySigner create(IdentityConfig config) throws IOException {
    ECKey key;
    if (config.signingKeyFile() != null) {
      key = SigningKey.load(Path.of(config.signingKeyFile()));
    } else {
      key = SigningKey.generate();
      LoggerFactory.getLogger(IdentitySigner.class)
          .warn(
              "identity envelopes are signed with a key generated for"
                  + " this process (kid {}); set identity.signingKeyFile outside dev mode",
              key.getKeyID());
    }
    try {
      return new IdentitySigner(config, key);
    } catch (JOSEException unusable) {
      throw new IOException(
          "the identity signing key cannot sign: " + unusable.getMessage(), unusable);
    }
  }

  /** The public keys services verify envelopes with. */
  public String publicJwks() {
    return SigningKey.publicJwks(key);
  }

  /** The compact JWS for this caller, signed now or reused. */
  public String envelopeFor(Caller caller) {
    Instant now = Instant.now();
    if (caller.envelopeCache() instanceof Envelope cached && cached.freshUntil.isAfter(now)) {
      return cached.jws;
    }
    Instant expires = now.plus(config.ttl());
    if (caller.expiresAt() != null && caller.expiresAt().isBefore(expires)) {
      expires = caller.expiresAt();
    }
    String jws = sign(caller, now, expires);
    Instant freshUntil = now.plus(Duration.between(now, expires).dividedBy(2));
    caller.envelopeCache(new Envelope(jws, freshUntil));
    return jws;
  }

  private String sign(Caller caller, Instant now, Instant expires) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(config.issuer())
            .audience(config.audience())
            .subject(caller.subject())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(expires))
            .claim(IdentityEnvelope.ROLES, new ArrayList<>(caller.roles()))
            .claim(IdentityEnvelope.SCOPES, new ArrayList<>(caller.scopes()))
            .claim(IdentityEnvelope.CLAIMS, selectedClaims(caller))
            .claim(IdentityEnvelope.ANONYMOUS, caller.isAnonymous())
            .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException cannotSign) {
      throw new IllegalStateException("identity envelope signing failed", cannotSign);
    }
    return jwt.serialize();
  }

  private Map<String, Object> selectedClaims(Caller caller) {
    Map<String, Object> selected = new LinkedHashMap<>();
    for (String name : config.claims()) {
      Object value = caller.claims().get(name);
      if (value != null) {
        selected.put(name, value);
      }
    }
    return selected;
  }

  List<String> keyIds() {
    return List.of(key.getKeyID());
  }

  /** A signed envelope and the time after which it is signed again. */
  private record Envelope(String jws, Instant freshUntil) {}
}
