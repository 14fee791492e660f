package dev.switchboard.bridge.nats;

import io.nats.client.AuthHandler;
import io.nats.client.Nats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An NKey or JWT authentication ({@code nkeySeedFile}, {@code credsFile}) whose file is read again
 * at each connect: jnats asks its auth handler at every (re)connect, so a rotated seed or creds
 * file is used at the next one, and a broken one falls back to the last good content.
 */
final class RereadAuthHandler implements AuthHandler {
  private final RereadFiles<AuthHandler> handler;

  private RereadAuthHandler(RereadFiles<AuthHandler> handler) {
    this.handler = handler;
  }

  /**
   * @param key the config key, e.g. {@code nats.nkeySeedFile}
   */
  static RereadAuthHandler nkeySeed(String key, String file) {
    return new RereadAuthHandler(
        RereadFiles.of(key, file, () -> Nats.staticCredentials(null, NKeySeeds.read(key, file))));
  }

  /**
   * @param key the config key, e.g. {@code nats.credsFile}
   */
  static RereadAuthHandler creds(String key, String file) {
    return new RereadAuthHandler(RereadFiles.of(key, file, () -> credentials(key, file)));
  }

  /** A creds file as {@code nsc} writes it: a user JWT and its NKey seed, checked now. */
  private static AuthHandler credentials(String key, String file) {
    byte[] content;
    try {
      content = Files.readAllBytes(Path.of(file));
    } catch (IOException unreadable) {
      throw new UncheckedIOException(key + ": cannot read " + file, unreadable);
    }
    try {
      AuthHandler creds = Nats.staticCredentials(content);
      if (creds.getJWT() != null && creds.getID() != null) {
        return creds;
      }
    } catch (RuntimeException invalid) {
      // jnats's text is not shown: it could quote the file
    }
    throw new IllegalArgumentException(
        key + ": " + file + " holds no user JWT and NKey seed (a .creds file as nsc writes it)");
  }

  @Override
  public byte[] sign(byte[] nonce) {
    return handler.current().sign(nonce);
  }

  @Override
  public char[] getID() {
    return handler.current().getID();
  }

  @Override
  public char[] getJWT() {
    return handler.current().getJWT();
  }
}
