package dev.switchboard.bridge.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses human durations: {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 5m}, {@code 1h}, or ISO
 * {@code PT2S}.
 */
public final class Durations {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

  private Durations() {}

  /**
   * @throws IllegalArgumentException with a message saying what is accepted
   */
  public static Duration parse(String text) {
    String value = text == null ? "" : text.trim();
    Matcher matcher = SIMPLE.matcher(value);
    if (matcher.matches()) {
      BigDecimal amount = new BigDecimal(matcher.group(1));
      BigDecimal millisPerUnit =
          switch (matcher.group(2)) {
            case "ms" -> BigDecimal.ONE;
            case "s" -> BigDecimal.valueOf(1_000);
            case "m" -> BigDecimal.valueOf(60_000);
            default -> BigDecimal.valueOf(3_600_000);
          };
      BigDecimal nanos = amount.multiply(millisPerUnit).multiply(BigDecimal.valueOf(1_000_000));
      // longValue() would silently wrap around on overflow and turn a huge value into some other
      // duration
      if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
        throw new IllegalArgumentException("'" + value + "' is too long a duration");
      }
      return Duration.ofNanos(nanos.longValue());
    }
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException notIso) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a duration; use e.g. 250ms, 2s, 1.5s, 5m or 1h");
    }
  }

  /** Short form for messages and docs: {@code 250ms}, {@code 2s}. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
  }
}
