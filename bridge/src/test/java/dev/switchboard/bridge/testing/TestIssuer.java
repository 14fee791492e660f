package dev.switchboard.bridge.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

/**
 * A token issuer for tests: an RSA and an EC key, their public JWK set in a file, and tokens with
 * good defaults that each test bends (claims, headers, signer) to make the case it needs.
 */
public final class TestIssuer {
  public static final String ISSUER = "https://issuer.test";
  public static final String AUDIENCE = "switchboard-test";
  private final RSAKey rsa;
  private final ECKey ec;
  private final Path jwksFile;

  private TestIssuer(RSAKey rsa, ECKey ec, Path jwksFile) {
    this.rsa = rsa;
    this.ec = ec;
    this.jwksFile = jwksFile;
  }

  /** Keys made fresh; the public set is written to a temporary file, deleted when the JVM exits. */
  public static TestIssuer create() {
    try {
      Path dir = Files.createTempDirectory("switchboard-issuer-");
      dir.toFile().deleteOnExit();
      TestIssuer issuer = create(dir);
      issuer
          .jwksFile
          .toFile()
          .deleteOnExit(); // deleted before the directory: the reverse order of registering
      return issuer;
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
  }

  /** Keys made fresh; the public set is written to {@code dir/issuer-jwks.json}. */
  public static TestIssuer create(Path dir) {
    try {
      RSAKey rsa = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID("rsa-1").generate();
      ECKey ec = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).keyID("ec-1").generate();
      Path file = dir.resolve("issuer-jwks.json");
      Files.writeString(
          file, new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString(true));
      return new TestIssuer(rsa, ec, file);
    } catch (JOSEException | IOException failed) {
      throw new IllegalStateException(failed);
    }
  }

  public Path jwksFile() {
    return jwksFile;
  }

  public RSAKey rsaKey() {
    return rsa;
  }

  public ECKey ecKey() {
    return ec;
  }

  /** The public keys as a JWK set document. */
  public String publicJwks() {
    return new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString(true);
  }

  /** An {@code auth:} section trusting this issuer through its JWK set file. */
  public String authYaml() {
    return """
        auth:
          issuer: %s
          audiences: [%s]
          jwksFile: %s
        """
        .formatted(ISSUER, AUDIENCE, jwksFile);
  }

  /** Claims every valid token has: iss, aud, sub "alice", iat now, exp in an hour. */
  public static JWTClaimsSet.Builder validClaims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject("alice")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
  }

  /** An RS256 token with the valid claims, changed by {@code claims}. */
  public String token(Consumer<JWTClaimsSet.Builder> claims) {
    JWTClaimsSet.Builder builder = validClaims();
    claims.accept(builder);
    return sign(
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .keyID(rsa.getKeyID())
            .type(JOSEObjectType.JWT)
            .build(),
        builder.build(),
        rsaSigner());
  }

  /** A valid RS256 token for {@code subject} with roles and claims added by {@code claims}. */
  public String tokenFor(String subject, Consumer<JWTClaimsSet.Builder> claims) {
    return token(
        builder -> {
          builder.subject(subject);
          claims.accept(builder);
        });
  }

  /** Any header, claims and signer: for the malicious cases. */
  public static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException failed) {
      throw new IllegalStateException(failed);
    }
    return jwt.serialize();
  }

  public JWSSigner rsaSigner() {
    try {
      return new RSASSASigner(rsa);
    } catch (JOSEException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  public JWSSigner ecSigner() {
    try {
      return new ECDSASigner(ec);
    } catch (JOSEException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
