package dev.switchboard.bridge.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.auth.TestCallers;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Nats-Msg-Id derivation: owned by the caller, stable for a retry, bounded and ASCII. */
class MessageIdsTest {
  private static final String ISSUER = "https://issuer.test";
  private static final MessageIds STRICT = new MessageIds(MessageIds.AnonymousKeys.REFUSED);
  private static final MessageIds LENIENT = new MessageIds(MessageIds.AnonymousKeys.ACCEPTED);

  private static Caller signedIn(String subject) {
    return signedIn(ISSUER, subject);
  }

  private static Caller signedIn(String issuer, String subject) {
    return TestCallers.withClaims(subject, List.of(), Map.of("iss", issuer, "sub", subject));
  }

  @Test
  void derive_matchesTheDocumentedRecipe() {
    // Computed with the README's shell recipe (printf, openssl dgst -sha256, base64url).
    assertEquals(
        "K9GvzIzyGpr3Gx0yMVMrjWoWHTXqH7dO94kKe08oJmU",
        STRICT.fromHeader("k1", signedIn("alice"), "recordOrderEvent"));
    assertEquals(
        "mTGfPHfSDAo1XQzaAPxRV0nLbRNhTFIWWlu1kJ6S8lc",
        LENIENT.fromHeader("k1", Caller.anonymous("guest"), "recordOrderEvent"));
    assertEquals(
        "uCvravTrYrWd0t2oThu1179WEM4sRxP3DUQiw_9nKNw",
        MessageIds.derive(ISSUER, "zo\u00eb", "k1", "record"),
        "lengths count UTF-8 bytes");
  }

  @Test
  void sameCallerKeyAndPath_giveTheSameId_soARetryIsADuplicate() {
    assertEquals(
        STRICT.fromHeader("k1", signedIn("alice"), "record"),
        STRICT.fromHeader("k1", signedIn("alice"), "record"));
  }

  @Test
  void twoCallersWithOneKey_neverShareAnId() {
    assertNotEquals(
        STRICT.fromHeader("k1", signedIn("alice"), "record"),
        STRICT.fromHeader("k1", signedIn("bob"), "record"));
  }

  @Test
  void sameSubjectFromAnotherIssuer_isAnotherCaller() {
    assertNotEquals(
        STRICT.fromHeader("k1", signedIn("https://a.test", "alice"), "record"),
        STRICT.fromHeader("k1", signedIn("https://b.test", "alice"), "record"));
  }

  @Test
  void anotherFieldPath_givesAnotherId() {
    assertNotEquals(
        STRICT.fromHeader("k1", signedIn("alice"), "record"),
        STRICT.fromHeader("k1", signedIn("alice"), "note"));
  }

  @Test
  void partsCannotBeShiftedIntoEachOther() {
    // Without lengths, "ab" + "c" and "a" + "bc" would hash alike.
    assertNotEquals(
        MessageIds.derive(ISSUER, "ab", "c", "p"), MessageIds.derive(ISSUER, "a", "bc", "p"));
  }

  @Test
  void aSignedInCallerNamedAnonymous_isNotTheAnonymousCaller() {
    assertNotEquals(
        STRICT.fromHeader("k1", signedIn("anonymous"), "record"),
        LENIENT.fromHeader("k1", Caller.anonymous("guest"), "record"));
  }

  @Test
  void theArgumentForm_isDerivedTheSameWay() {
    assertEquals(
        STRICT.fromHeader("k-7", signedIn("alice"), "record"),
        STRICT.fromArgument("key", "k-7", signedIn("alice"), "record"));
    assertEquals(
        STRICT.fromHeader("42", signedIn("alice"), "record"),
        STRICT.fromArgument("key", 42, signedIn("alice"), "record"));
  }

  @Test
  void theId_isBoundedAndUrlSafeAscii_whateverTheParts() {
    String id =
        STRICT.fromHeader(
            "x".repeat(128), signedIn("\u00e9".repeat(500)), "a/".repeat(100) + "field");

    assertEquals(43, id.length());
    assertTrue(id.matches("[A-Za-z0-9_-]{43}"), id);
  }

  @Test
  void noKey_noId() {
    assertNull(STRICT.fromHeader(null, signedIn("alice"), "record"));
    assertNull(STRICT.fromArgument("key", null, signedIn("alice"), "record"));
  }

  static Stream<Arguments> unusableKeys() {
    return Stream.of(
        Arguments.of("", "The Idempotency-Key header is empty."),
        Arguments.of("   ", "The Idempotency-Key header is empty."),
        Arguments.of(
            "k".repeat(129),
            "The Idempotency-Key header is 129 characters long; at most 128 are allowed."),
        Arguments.of(
            "caf\u00e9",
            "The Idempotency-Key header may hold printable ASCII only (character 4 is not)."),
        Arguments.of(
            "caf\u00c3\u00a9",
            "The Idempotency-Key header may hold printable ASCII only (character 4 is not)."),
        Arguments.of(
            "a\tb",
            "The Idempotency-Key header may hold printable ASCII only (character 2 is not)."),
        Arguments.of(
            "a\u0000",
            "The Idempotency-Key header may hold printable ASCII only (character 2 is not)."),
        Arguments.of(
            "a\u007f",
            "The Idempotency-Key header may hold printable ASCII only (character 2 is not)."));
  }

  @ParameterizedTest
  @MethodSource("unusableKeys")
  void unusableHeaderKey_isBadUserInput(String key, String message) {
    BridgeException refused =
        assertThrows(
            BridgeException.class, () -> STRICT.fromHeader(key, signedIn("alice"), "record"));

    assertEquals(ErrorCode.BAD_USER_INPUT, refused.code());
    assertEquals(message, refused.getMessage());
  }

  @Test
  void unusableArgumentKey_namesTheArgument() {
    BridgeException refused =
        assertThrows(
            BridgeException.class,
            () -> STRICT.fromArgument("requestId", "", signedIn("alice"), "record"));

    assertEquals("The idempotency key (argument 'requestId') is empty.", refused.getMessage());
  }

  @Test
  void listOrObjectArgumentKey_isBadUserInput() {
    for (Object notOneValue : List.of(List.of("a"), Map.of("a", "b"))) {
      BridgeException refused =
          assertThrows(
              BridgeException.class,
              () -> STRICT.fromArgument("key", notOneValue, signedIn("alice"), "record"));

      assertEquals(ErrorCode.BAD_USER_INPUT, refused.code());
      assertEquals(
          "The idempotency key (argument 'key') must be a single value.", refused.getMessage());
    }
  }

  @Test
  void anonymousKey_isRefusedByDefault() {
    BridgeException refused =
        assertThrows(
            BridgeException.class,
            () -> STRICT.fromHeader("k1", Caller.anonymous("guest"), "record"));

    assertEquals(ErrorCode.BAD_USER_INPUT, refused.code());
    assertEquals(
        "Idempotency keys need a signed-in caller: send a bearer token, or leave the key out.",
        refused.getMessage());
  }

  @Test
  void anonymousKey_isAcceptedWhenConfigured_andAllAnonymousCallersShareIt() {
    assertEquals(
        LENIENT.fromHeader("k1", Caller.anonymous("guest"), "record"),
        LENIENT.fromHeader("k1", Caller.anonymous("visitor"), "record"));
  }
}
