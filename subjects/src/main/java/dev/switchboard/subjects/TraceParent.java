package dev.switchboard.subjects;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A W3C {@code traceparent} (version 00): {@code 00-<trace-id>-<parent-id>-<flags>}. The bridge
 * continues a valid incoming trace or starts a new one, and gives every NATS hop its own span id.
 *
 * @param traceId 32 lowercase hex characters, not all zero
 * @param spanId 16 lowercase hex characters, not all zero
 * @param flags 2 lowercase hex characters ({@code 01} = sampled)
 */
public record TraceParent(String traceId, String spanId, String flags) {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** Parses a header value; {@code null} when absent or malformed (then a new trace is started). */
  public static TraceParent parse(String header) {
    if (header == null) {
      return null;
    }
    String value = header.trim();
    // Version 00 is exactly 55 characters; later versions may append fields after a '-'.
    if (value.length() < 55
        || (value.length() > 55 && value.charAt(55) != '-')
        || value.charAt(2) != '-'
        || value.charAt(35) != '-'
        || value.charAt(52) != '-') {
      return null;
    }
    String version = value.substring(0, 2);
    String traceId = value.substring(3, 35);
    String spanId = value.substring(36, 52);
    String flags = value.substring(53, 55);
    if (!isHex(version)
        || version.equals("ff")
        || (version.equals("00") && value.length() != 55)
        || !isHex(traceId)
        || isZero(traceId)
        || !isHex(spanId)
        || isZero(spanId)
        || !isHex(flags)) {
      return null;
    }
    return new TraceParent(traceId, spanId, flags);
  }

  /** A new trace, sampled. */
  public static TraceParent newTrace() {
    return new TraceParent(randomHex(32), randomHex(16), "01");
  }

  /** The same trace with a fresh span id: what the bridge sends for one NATS hop. */
  public TraceParent newSpan() {
    return new TraceParent(traceId, randomHex(16), flags);
  }

  public String header() {
    return "00-" + traceId + "-" + spanId + "-" + flags;
  }

  @Override
  public String toString() {
    return header();
  }

  /**
   * Random lowercase hex of a multiple of 16 digits, never all zeros (an invalid id). One random
   * long per 16 digits, written as Latin-1 bytes: the string takes them without re-encoding.
   */
  private static String randomHex(int length) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] out = new byte[length];
    boolean zero;
    do {
      zero = true;
      for (int start = 0; start < length; start += 16) {
        long bits = random.nextLong();
        zero &= bits == 0;
        for (int i = start + 15; i >= start; i--) {
          out[i] = HEX[(int) bits & 0xF];
          bits >>>= 4;
        }
      }
    } while (zero);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
