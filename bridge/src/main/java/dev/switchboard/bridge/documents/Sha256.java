package dev.switchboard.bridge.documents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Document ids: the SHA-256 of the document's UTF-8 text, as 64 lower-case hex digits. */
public final class Sha256 {
  /** The prefix of GraphQL-over-HTTP persisted document ids ({@code "sha256:<hex>"}). */
  private static final String PREFIX = "sha256:";

  private Sha256() {}

  public static String hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every Java runtime has SHA-256", impossible);
    }
  }

  /** An id as clients and manifests write it: upper or lower case, with or without "sha256:". */
  static String normalise(String id) {
    String hex = id.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) ? id.substring(7) : id;
    return hex.toLowerCase(Locale.ROOT);
  }
}
