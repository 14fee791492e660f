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
import java.util.Collection;
import java.util.List;

/**
 * The bridge's envelope keys: EC P-256 JWKs from files (private for the key that signs, public or
 * private for keys only published), or one generated for this process. Messages name the config key
 * and the file, never what the file holds.
 */
final class SigningKey {
  private SigningKey() {}

  /** The key that signs: a private EC P-256 JWK; without a kid it is named by its thumbprint. */
  static ECKey loadPrivate(String key, Path file) throws IOException {
    ECKey ec = loadEc(key, file);
    if (!ec.isPrivate()) {
      throw new IOException(
          key
              + ": "
              + file
              + " holds a public key; the signing key needs its private part (\"d\")");
    }
    return ec;
  }

  /** A key only published: its public half (a private JWK is accepted, its secret is dropped). */
  static ECKey loadPublic(String key, Path file) throws IOException {
    return loadEc(key, file).toPublicJWK();
  }

  private static ECKey loadEc(String key, Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException unreadable) {
      throw new IOException(
          key + ": cannot read " + file + " (" + unreadable.getClass().getSimpleName() + ")");
    }
    JWK jwk;
    try {
      jwk = JWK.parse(text);
    } catch (ParseException notAKey) {
      // nimbus's text is not shown: a parser message may quote the file
      throw new IOException(
          key + ": " + file + " is not a JWK (a JSON object with kty, crv, x, y and a kid)");
    }
    if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
      throw new IOException(
          key
              + ": "
              + file
              + " must hold an EC P-256 JWK (\"kty\":\"EC\",\"crv\":\"P-256\"), not "
              + jwk.getKeyType()
              + (jwk instanceof ECKey other ? " " + other.getCurve() : ""));
    }
    if (ec.getKeyID() != null) {
      return ec;
    }
    try {
      return new ECKey.Builder(ec).keyID(ec.computeThumbprint().toString()).build();
    } catch (JOSEException impossible) {
      throw new IOException(key + ": " + file + " has no kid and no thumbprint can be computed");
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

  /** The public halves, as a JWK set document. */
  static String publicJwks(Collection<ECKey> keys) {
    List<JWK> published =
        keys.stream()
            .map(
                key ->
                    (JWK)
                        new ECKey.Builder(key.toPublicJWK())
                            .keyUse(KeyUse.SIGNATURE)
                            .algorithm(IdentityEnvelope.ALGORITHM)
                            .build())
            .toList();
    return new JWKSet(published).toString(true);
  }
}
