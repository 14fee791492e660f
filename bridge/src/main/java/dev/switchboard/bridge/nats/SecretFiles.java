package dev.switchboard.bridge.nats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a secret (token, password) from its file, as a secret manager mounts it. Messages name the
 * key and the file, never the content.
 */
final class SecretFiles {
  private SecretFiles() {}

  /**
   * @param key the config key, e.g. {@code nats.tokenFile}
   * @return the file's text without its trailing line break
   */
  static char[] read(String key, String file) {
    String text;
    try {
      text = Files.readString(Path.of(file));
    } catch (IOException unreadable) {
      throw new IllegalArgumentException(
          key + ": cannot read " + file + " (" + unreadable.getClass().getSimpleName() + ")");
    }
    String secret = text.replaceAll("[\r\n]+$", "");
    if (secret.isEmpty()) {
      throw new IllegalArgumentException(key + ": " + file + " is empty");
    }
    return secret.toCharArray();
  }
}
