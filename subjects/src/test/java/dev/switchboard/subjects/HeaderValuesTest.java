package dev.switchboard.subjects;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.impl.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderValuesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "abc",
        "ORD-42",
        "a b c",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "!\"#$&'()*+,-./:;<=>?@[\\]^_`{|}~"
      })
  void encode_plainAscii_isUnchanged(String plain) {
    assertSame(plain, HeaderValues.encode(plain));
    assertSame(plain, HeaderValues.decode(plain));
  }

  @Test
  void encode_crLf_isEscaped() {
    assertEquals(
        "x%0D%0ASwitchboard-Identity: forged",
        HeaderValues.encode("x\r\nSwitchboard-Identity: forged"));
  }

  @Test
  void encode_otherControlCharacters_areEscaped() {
    assertEquals("a%00b%09c%7F", HeaderValues.encode("a\u0000b\tc\u007F"));
  }

  @Test
  void encode_nonAscii_isUtf8Escaped() {
    assertEquals("caf%C3%A9", HeaderValues.encode("caf\u00e9"));
    assertEquals("%F0%9F%98%80", HeaderValues.encode("\uD83D\uDE00"));
    assertEquals("%E2%80%AEx", HeaderValues.encode("\u202Ex"));
  }

  @Test
  void encode_percent_isEscapedSoDecodingIsExact() {
    assertEquals("100%25%20", HeaderValues.encode("100% "));
    assertEquals("%2541", HeaderValues.encode("%41"));
    assertEquals("%41", HeaderValues.decode(HeaderValues.encode("%41")));
  }

  @Test
  void encode_leadingAndTrailingSpaces_areEscapedInnerSpacesAreNot() {
    assertEquals("%20a b%20", HeaderValues.encode(" a b "));
    assertEquals("%20", HeaderValues.encode(" "));
    assertEquals("%20%20", HeaderValues.encode("  "));
  }

  @Test
  void encode_null_isNull() {
    assertNull(HeaderValues.encode(null));
    assertNull(HeaderValues.decode(null));
  }

  @Test
  void roundTrip_handPickedStrings_areExact() {
    List<String> samples =
        List.of(
            "",
            " ",
            "%",
            "%%",
            "%2",
            "%20",
            "a%zz",
            "\r\n",
            "\u0000",
            " x ",
            "caf\u00e9",
            "\uD83D\uDE00\uD83D\uDE00",
            "\u202E\uFF0E",
            "Stra\u00dfe 1/2",
            "\t\ttabs\t",
            "\u65e5\u672c\u8a9e",
            "mixed %C3%A9 \u00e9");
    for (String sample : samples) {
      assertEquals(
          sample,
          HeaderValues.decode(HeaderValues.encode(sample)),
          () -> "round trip of " + escape(sample));
    }
  }

  @Test
  void roundTrip_randomUnicode_isExactAndOutputIsSafe() {
    Random random = new Random(20240611L);
    for (int n = 0; n < 5000; n++) {
      String original = randomString(random);
      String encoded = HeaderValues.encode(original);

      assertSafeHeaderValue(encoded, original);
      assertEquals(
          original, HeaderValues.decode(encoded), () -> "round trip of " + escape(original));
    }
  }

  @Test
  void encode_output_isAcceptedByJnatsHeaders() {
    Random random = new Random(7L);
    for (int n = 0; n < 500; n++) {
      String encoded = HeaderValues.encode(randomString(random));
      assertDoesNotThrow(() -> new Headers().put("Switchboard-Field-Path", encoded), encoded);
    }
  }

  @Test
  void encode_loneSurrogate_becomesQuestionMark() {
    // UTF-8 cannot carry half a surrogate pair; the value stays safe, at the cost of that
    // character.
    String encoded = HeaderValues.encode("a\uD800b");

    assertEquals("a?b", encoded);
    assertSafeHeaderValue(encoded, "a\uD800b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"%", "%4", "%zz", "a%", "a%4", "%4g", "%g4", "100%", "50%off", "%-1"})
  void decode_malformedEscape_keepsTheText(String malformed) {
    assertEquals(malformed, HeaderValues.decode(malformed));
  }

  @Test
  void decode_malformedEscapeNextToGoodOnes_decodesOnlyTheGoodOnes() {
    assertEquals("\u00e9%zz\u00e9%", HeaderValues.decode("%C3%A9%zz%C3%A9%"));
  }

  @Test
  void decode_lowercaseHex_isAccepted() {
    assertEquals("caf\u00e9", HeaderValues.decode("caf%c3%a9"));
  }

  @Test
  void decode_nonAsciiDigitsAfterPercent_keepsTheText() {
    // Character.digit also knows Arabic-Indic and full-width digits; an escape is ASCII hex only.
    String arabicIndic = "%\u0664\u0661";
    String fullWidth = "%\uFF14\uFF11";

    assertEquals(arabicIndic, HeaderValues.decode(arabicIndic));
    assertEquals(fullWidth, HeaderValues.decode(fullWidth));
  }

  // ---- helpers ----

  private static void assertSafeHeaderValue(String encoded, String original) {
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      int at = i;
      assertTrue(
          c >= 0x20 && c <= 0x7E,
          () -> "char " + (int) c + " at " + at + " of encoded " + escape(original));
    }
    if (!encoded.isEmpty()) {
      assertTrue(
          encoded.charAt(0) != ' ' && encoded.charAt(encoded.length() - 1) != ' ',
          () -> "edge space in encoded " + escape(original));
    }
  }

  /**
   * Up to 24 code points mixing ASCII, the characters that need escaping, BMP and supplementary
   * planes.
   */
  private static String randomString(Random random) {
    int length = random.nextInt(25);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.appendCodePoint(randomCodePoint(random));
    }
    return out.toString();
  }

  private static int randomCodePoint(Random random) {
    switch (random.nextInt(6)) {
      case 0:
        return 0x20 + random.nextInt(0x5F); // printable ASCII
      case 1:
        return " %\r\n\t\u0000\u007F".charAt(random.nextInt(7)); // the troublemakers
      case 2:
        return random.nextInt(0x20); // C0 controls
      case 3:
        return 0x10000 + random.nextInt(0x10FFFF - 0x10000 + 1); // surrogate pairs
      default:
        int bmp;
        do {
          bmp = 0x80 + random.nextInt(0xFFFE - 0x80);
        } while (bmp >= 0xD800 && bmp <= 0xDFFF); // lone surrogates are not text
        return bmp;
    }
  }

  private static String escape(String s) {
    List<String> codes = new ArrayList<>();
    s.codePoints().forEach(cp -> codes.add(Integer.toHexString(cp)));
    return "[" + String.join(" ", codes) + "]";
  }
}
