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
   * @throws IllegalArgumentException naming the file when it holds no user seed
   */
  static char[] read(String file) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        String seed = line.trim();
        if (seed.startsWith("SU")) {
          return seed.toCharArray();
        }
      }
    } catch (IOException unreadable) {
      throw new UncheckedIOException("nats.nkeySeedFile: cannot read " + file, unreadable);
    }
    throw new IllegalArgumentException(
        "nats.nkeySeedFile: " + file + " holds no NKey user seed (a line starting with SU)");
  }
}
