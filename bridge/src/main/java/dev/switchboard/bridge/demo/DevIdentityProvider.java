package dev.switchboard.bridge.demo;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for an OIDC provider, for the demo only: it signs RS256 access tokens with a key made
 * at start and writes the public key set to a file the bridge's {@code auth.jwksFile} points at.
 */
public final class DevIdentityProvider {
  public static final String ISSUER = "https://demo.switchboard.local";
  public static final String AUDIENCE = "switchboard-demo";
  private final RSAKey key;
  private final RSASSASigner signer;
  private final Path jwksFile;

  private DevIdentityProvider(RSAKey key, Path jwksFile) throws JOSEException {
    this.key = key;
    this.signer = new RSASSASigner(key);
    this.jwksFile = jwksFile;
  }

  public static DevIdentityProvider start() throws IOException {
    try {
      RSAKey key =
          new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint(true).generate();
      Path jwksFile = Files.createTempFile("switchboard-demo-jwks-", ".json");
      jwksFile.toFile().deleteOnExit();
      Files.writeString(jwksFile, new JWKSet(key.toPublicJWK()).toString(true));
      return new DevIdentityProvider(key, jwksFile);
    } catch (JOSEException impossible) {
      throw new IOException("cannot create the demo signing key", impossible);
    }
  }

  public Path jwksFile() {
    return jwksFile;
  }

  /**
   * @param subject the user ({@code sub})
   * @param roles the {@code roles} claim
   * @param scopes the {@code scope} claim
   * @param claims more claims, e.g. tenant
   */
  public String mint(
      String subject,
      List<String> roles,
      List<String> scopes,
      Map<String, Object> claims,
      Duration lifetime) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder token =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .subject(subject)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .claim("roles", roles)
            .claim("scope", String.join(" ", scopes));
    claims.forEach(token::claim);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            token.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException cannotSign) {
      throw new IllegalStateException(cannotSign);
    }
    return jwt.serialize();
  }
}
