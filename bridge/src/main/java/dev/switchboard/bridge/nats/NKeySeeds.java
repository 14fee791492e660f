package dev.switchboard.bridge.nats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an NKey user's seed from its file (as {@code nk -gen user} writes it). The seed is a
 * secret: it never appears in a message, only the file's name does.
 */
final class NKeySeeds {
  private NKeySeeds() {}

  /**
   * @param key the config key, for messages ({@code nats.nkeySeedFile} or a named connection's)
   * @throws IllegalArgumentException naming key and file when it holds no user seed
   */
  static char[] read(String key, String file) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        String seed = line.trim();
        if (seed.startsWith("SU")) {
          return seed.toCharArray();
        }
      }
    } catch (IOException unreadable) {
      throw new UncheckedIOException(key + ": cannot read " + file, unreadable);
    }
    throw new IllegalArgumentException(
        key + ": " + file + " holds no NKey user seed (a line starting with SU)");
  }
}
