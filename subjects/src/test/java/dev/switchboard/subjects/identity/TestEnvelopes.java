package dev.switchboard.subjects.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Signs envelopes the way the bridge does, for tests of the verifying side. */
public final class TestEnvelopes {
  private TestEnvelopes() {}

  /** A fresh P-256 signing key, as the bridge generates in dev mode. */
  public static ECKey newKey(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
    } catch (JOSEException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** What the bridge publishes: the public halves. */
  public static JWKSet publicSet(JWK... keys) {
    return new JWKSet(Arrays.asList(keys)).toPublicJWKSet();
  }

  /**
   * Valid claims for alice, issued now (whole seconds, as JWT dates are), expiring in 5 minutes.
   */
  public static JWTClaimsSet.Builder claims() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return new JWTClaimsSet.Builder()
        .issuer(IdentityEnvelope.DEFAULT_ISSUER)
        .audience(IdentityEnvelope.DEFAULT_AUDIENCE)
        .subject("alice")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
        .claim(IdentityEnvelope.ROLES, List.of("customer", "beta"))
        .claim(IdentityEnvelope.SCOPES, List.of("orders:read"))
        .claim(IdentityEnvelope.CLAIMS, Map.of("tenant", "acme", "plan", Map.of("tier", "gold")))
        .claim(IdentityEnvelope.ANONYMOUS, false);
  }

  public static String sign(ECKey key, JWTClaimsSet.Builder claims) {
    return sign(key, claims.build());
  }

  /** In the exact envelope format: ES256, the key's kid, typ switchboard-identity+jwt. */
  public static String sign(ECKey key, JWTClaimsSet claims) {
    JWSHeader header =
        new JWSHeader.Builder(IdentityEnvelope.ALGORITHM)
            .keyID(key.getKeyID())
            .type(IdentityEnvelope.TYPE)
            .build();
    try {
      return sign(header, new ECDSASigner(key), claims);
    } catch (JOSEException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** Any header and signer, for envelopes that must be refused. */
  public static String sign(JWSHeader header, JWSSigner signer, JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException failed) {
      throw new IllegalStateException(failed);
    }
    return jwt.serialize();
  }
}
