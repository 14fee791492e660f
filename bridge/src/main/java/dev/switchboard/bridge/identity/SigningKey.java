package dev.switchboard.bridge.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.switchboard.subjects.identity.IdentityEnvelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

/**
 * The bridge's envelope signing key: an EC P-256 private JWK from a file, or one generated for this
 * process.
 */
final class SigningKey {
  private SigningKey() {}

  static ECKey load(Path file) throws IOException {
    try {
      JWK jwk = JWK.parse(Files.readString(file));
      if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve()) || !ec.isPrivate()) {
        throw new IOException(
            file
                + " must hold a private EC P-256 JWK (\"kty\":\"EC\",\"crv\":\"P-256\", with \"d\")");
      }
      return ec.getKeyID() != null
          ? ec
          : new ECKey.Builder(ec).keyID(ec.computeThumbprint().toString()).build();
    } catch (ParseException | JOSEException notAKey) {
      throw new IOException(file + " is not a JWK: " + notAKey.getMessage(), notAKey);
    }
  }

  /** A fresh key (dev mode): services must fetch the JWK set again after every restart. */
  static ECKey generate() {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(IdentityEnvelope.ALGORITHM)
          .keyIDFromThumbprint(true)
          .generate();
    } catch (JOSEException impossible) {
      throw new IllegalStateException("cannot generate an EC P-256 key", impossible);
    }
  }

  /** The public half, as a JWK set document. */
  static String publicJwks(ECKey key) {
    ECKey publicKey =
        new ECKey.Builder(key.toPublicJWK())
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(IdentityEnvelope.ALGORITHM)
            .build();
    return new JWKSet(publicKey).toString(true);
  }
}
