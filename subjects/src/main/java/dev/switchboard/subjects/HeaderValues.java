package dev.switchboard.subjects;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Makes any string safe as a NATS (or HTTP) header value, and back. Printable ASCII passes
 * unchanged; {@code %}, control characters, non-ASCII and leading/trailing spaces become {@code
 * %XX} UTF-8 escapes (RFC 3986 style), so a claim or argument can never break a header. Decoding an
 * unencoded value is a no-op, so {@code decode(encode(s)).equals(s)} for every well-formed string
 * (a lone surrogate, which UTF-8 cannot carry, is encoded as {@code ?}).
 */
public final class HeaderValues {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private HeaderValues() {}

  public static String encode(String value) {
    if (value == null) {
      return null;
    }
    if (isPlain(value)) {
      return value;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xFF;
      boolean edgeSpace = b == ' ' && (i == 0 || i == bytes.length - 1);
      if (b < 0x20 || b > 0x7E || b == '%' || edgeSpace) {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
      } else {
        out.append((char) b);
      }
    }
    return out.toString();
  }

  /** Reverses {@link #encode}; a malformed escape is kept as literal text rather than failing. */
  public static String decode(String value) {
    if (value == null || value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    int runStart = 0;
    for (int i = 0; i < value.length(); i++) {
      int hi =
          value.charAt(i) == '%' && i + 2 < value.length() ? hexDigit(value.charAt(i + 1)) : -1;
      int lo = hi >= 0 ? hexDigit(value.charAt(i + 2)) : -1;
      if (lo >= 0) {
        writeUtf8(bytes, value.substring(runStart, i));
        bytes.write(hi << 4 | lo);
        i += 2;
        runStart = i + 1;
      }
    }
    writeUtf8(bytes, value.substring(runStart));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** ASCII hex only: Character.digit would also take Arabic-Indic or full-width digits. */
  private static int hexDigit(char c) {
    return c < 0x80 ? Character.digit(c, 16) : -1;
  }

  private static void writeUtf8(ByteArrayOutputStream out, String text) {
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    out.write(raw, 0, raw.length);
  }

  private static boolean isPlain(String value) {
    int last = value.length() - 1;
    for (int i = 0; i <= last; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E || c == '%' || (c == ' ' && (i == 0 || i == last))) {
        return false;
      }
    }
    return true;
  }
}
