package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.config.BridgeConfig.RequestsConfig;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The {@code Nats-Msg-Id} of a publish, owned by its caller. A stream stores a repeated id once, so
 * an id made of the client's key alone let a second caller's event be dropped as the first one's
 * duplicate. The id is derived from who is asking, the key and the field's response path:
 *
 * <pre>
 * Nats-Msg-Id = base64url, without padding, of SHA-256(ns(iss) ns(sub) ns(key) ns(path))
 * ns(s)       = the netstring of s: its UTF-8 length in bytes, ':', its bytes, ','
 * </pre>
 *
 * {@code iss} and {@code sub} are the verified token's claims; an anonymous caller has the empty
 * issuer (a verified token always has one) and the subject {@code anonymous}. {@code path} is the
 * field's response path, as in the {@code Switchboard-Field-Path} header. The id is 43 ASCII
 * characters whatever the parts. Keys are 1 to {@value #LONGEST_KEY} printable ASCII characters.
 */
public final class MessageIds {
  public static final int LONGEST_KEY = 128;
  static final String ANONYMOUS_SUBJECT = "anonymous";

  /** Anonymous callers share one identity, so their keys can collide with each other's. */
  public enum AnonymousKeys {
    REFUSED,
    ACCEPTED
  }

  private final AnonymousKeys anonymousKeys;

  public MessageIds(AnonymousKeys anonymousKeys) {
    this.anonymousKeys = anonymousKeys;
  }

  public static MessageIds from(RequestsConfig requests) {
    return new MessageIds(
        requests.anonymousIdempotencyKeys() ? AnonymousKeys.ACCEPTED : AnonymousKeys.REFUSED);
  }

  /**
   * @param key the {@code Idempotency-Key} header, or null
   * @return the id, or null when there is no key
   * @throws BridgeException {@code BAD_USER_INPUT} for an unusable key or an anonymous caller
   */
  public String fromHeader(String key, Caller caller, String fieldPath) {
    return key == null ? null : messageId("The Idempotency-Key header", key, caller, fieldPath);
  }

  /**
   * @param argument the argument named by {@code @natsPublish(idempotencyKey:)}
   * @param value its value, or null (then there is no key)
   */
  public String fromArgument(String argument, Object value, Caller caller, String fieldPath) {
    if (value == null) {
      return null;
    }
    String source = "The idempotency key (argument '" + argument + "')";
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      throw refused(source + " must be a single value.");
    }
    return messageId(source, value.toString(), caller, fieldPath);
  }

  private String messageId(String source, String key, Caller caller, String fieldPath) {
    check(source, key);
    if (caller.isAnonymous()) {
      if (anonymousKeys == AnonymousKeys.REFUSED) {
        throw refused(
            "Idempotency keys need a signed-in caller: send a bearer token, or leave the key out.");
      }
      return derive("", ANONYMOUS_SUBJECT, key, fieldPath);
    }
    Object issuer = caller.claims().get("iss");
    return derive(issuer == null ? "" : issuer.toString(), caller.subject(), key, fieldPath);
  }

  private static void check(String source, String key) {
    if (key.isBlank()) {
      throw refused(source + " is empty.");
    }
    if (key.length() > LONGEST_KEY) {
      throw refused(
          source
              + " is "
              + key.length()
              + " characters long; at most "
              + LONGEST_KEY
              + " are allowed.");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        throw refused(
            source + " may hold printable ASCII only (character " + (i + 1) + " is not).");
      }
    }
  }

  /** The documented derivation; package-private so a test can pin it to a fixed vector. */
  static String derive(String issuer, String subject, String key, String fieldPath) {
    MessageDigest sha256 = sha256();
    for (String part : new String[] {issuer, subject, key, fieldPath}) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      sha256.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
      sha256.update(bytes);
      sha256.update((byte) ',');
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException requiredOfEveryJvm) {
      throw new IllegalStateException(requiredOfEveryJvm);
    }
  }

  private static BridgeException refused(String message) {
    return new BridgeException(ErrorCode.BAD_USER_INPUT, message);
  }
}
