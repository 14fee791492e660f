package dev.switchboard.bridge.identity;

import com.nimbusds.jose.jwk.ECKey;
import dev.switchboard.bridge.config.IdentityConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every key file of {@code identity} and checks them together, before anything changes: a
 * published file that is the signing file, two keys with one kid, a key that is not EC P-256.
 */
final class KeyFiles {
  static final String ACTIVE_KEY = "identity.signingKeyFile";
  static final String PUBLISHED_KEYS = "identity.publishedKeyFiles";

  private KeyFiles() {}

  /**
   * The keys the config names.
   *
   * @param active the signing key when the config names no file (dev mode's generated key)
   * @throws IOException naming the key and file of the first problem
   */
  static ConfiguredKeys read(IdentityConfig config, ECKey active) throws IOException {
    Path activeFile = config.signingKeyFile() != null ? Path.of(config.signingKeyFile()) : null;
    ECKey signing = activeFile != null ? SigningKey.loadPrivate(ACTIVE_KEY, activeFile) : active;
    Map<String, String> kidOwners = new HashMap<>();
    kidOwners.put(
        signing.getKeyID(),
        activeFile != null ? ACTIVE_KEY + " (" + activeFile + ")" : "the generated key");
    List<ECKey> published = new ArrayList<>();
    for (int i = 0; i < config.publishedKeyFiles().size(); i++) {
      String key = PUBLISHED_KEYS + "[" + i + "]";
      Path file = Path.of(config.publishedKeyFiles().get(i));
      if (activeFile != null && samePath(file, activeFile)) {
        throw new IOException(
            key + ": " + file + " is the signing key file; list only keys that do not sign");
      }
      ECKey publicKey = SigningKey.loadPublic(key, file);
      String owner = kidOwners.putIfAbsent(publicKey.getKeyID(), key + " (" + file + ")");
      if (owner != null) {
        throw new IOException(
            key
                + ": "
                + file
                + " has kid \""
                + publicKey.getKeyID()
                + "\", already used by "
                + owner
                + "; every key needs its own kid");
      }
      published.add(publicKey);
    }
    return new ConfiguredKeys(signing, List.copyOf(published));
  }

  private static boolean samePath(Path one, Path other) {
    return one.toAbsolutePath().normalize().equals(other.toAbsolutePath().normalize());
  }

  /**
   * @param active the private key that signs
   * @param published public keys served in the JWK set but never used to sign
   */
  record ConfiguredKeys(ECKey active, List<ECKey> published) {}
}
