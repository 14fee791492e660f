package dev.switchboard.bridge.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The {@code Nats-Msg-Id} as the README tells an operator to compute it, written here on its own so
 * tests check the bridge against the documentation rather than against itself.
 */
public final class DocumentedMsgIds {
  private DocumentedMsgIds() {}

  /** base64url(SHA-256(netstring(iss) netstring(sub) netstring(key) netstring(path))). */
  public static String of(String issuer, String subject, String key, String fieldPath) {
    StringBuilder netstrings = new StringBuilder();
    for (String part : new String[] {issuer, subject, key, fieldPath}) {
      netstrings
          .append(part.getBytes(StandardCharsets.UTF_8).length)
          .append(':')
          .append(part)
          .append(',');
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(netstrings.toString().getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (Exception impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
