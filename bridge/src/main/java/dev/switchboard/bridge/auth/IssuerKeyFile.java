package dev.switchboard.bridge.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;

/**
 * The token issuer's public keys from {@code auth.jwksFile}, read again on reload: an operator adds
 * the issuer's next key, or removes a compromised one, without a restart.
 */
final class IssuerKeyFile implements JWKSource<SecurityContext> {
  private final Path file;
  private volatile JWKSet keys;

  private IssuerKeyFile(Path file, JWKSet keys) {
    this.file = file;
    this.keys = keys;
  }

  static IssuerKeyFile load(Path file) throws IOException {
    return new IssuerKeyFile(file, read(file));
  }

  /** Reads the file; {@link #use} the result to swap it in. */
  JWKSet readAgain() throws IOException {
    return read(file);
  }

  void use(JWKSet next) {
    keys = next;
  }

  private static JWKSet read(Path file) throws IOException {
    try {
      return JWKSet.load(file.toFile());
    } catch (ParseException notAKeySet) {
      throw new IOException(
          "auth.jwksFile " + file + " is not a JWK set: " + notAKeySet.getMessage(), notAKeySet);
    }
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) {
    return selector.select(keys);
  }
}
