package dev.switchboard.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Keys for the "auth on" scenario, written into a directory: the issuer's public JWK set ({@code
 * issuer-jwks.json}), the bridge's envelope signing key ({@code identity-key.json}) and one RS256
 * access token for the load ({@code token.txt}), valid for a day.
 */
public final class BenchKeys {
  static final String ISSUER = "https://bench.switchboard.local";
  static final String AUDIENCE = "switchboard-bench";

  private BenchKeys() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: BenchKeys <directory>");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    RSAKey issuer =
        new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint(true).generate();
    Files.writeString(
        dir.resolve("issuer-jwks.json"), new JWKSet(issuer.toPublicJWK()).toString(true));
    ECKey identity =
        new ECKeyGenerator(Curve.P_256)
            .keyUse(KeyUse.SIGNATURE)
            .keyIDFromThumbprint(true)
            .generate();
    Files.writeString(dir.resolve("identity-key.json"), identity.toJSONString());
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .subject("bench-user")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofDays(1))))
            .claim("roles", List.of("bench"))
            .claim("tenant", "acme")
            .claim("scope", "orders:read")
            .build();
    SignedJWT token =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(issuer.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    token.sign(new RSASSASigner(issuer));
    Files.writeString(dir.resolve("token.txt"), token.serialize());
    System.out.println("keys written to " + dir);
  }
}
