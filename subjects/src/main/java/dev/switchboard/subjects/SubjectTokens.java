package dev.switchboard.subjects;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * The one-token rule: a value placed into a subject must be exactly one token. Anything that could
 * change the subject's shape ({@code .}), widen it ({@code *}, {@code >}), or confuse the protocol
 * (whitespace, control, non-ASCII) is refused, as are empty and over-long values, and anything that
 * is not one scalar (a list, an object, any other type), whatever its text would be.
 */
public final class SubjectTokens {
  /** Longest value a placeholder may render. */
  public static final int MAX_VALUE_LENGTH = 128;

  private SubjectTokens() {}

  /**
   * Converts a placeholder value to its token text, or explains why it cannot be one.
   *
   * @return the token
   * @throws RenderException naming the placeholder and the reason
   */
  public static String toToken(Placeholder placeholder, Object value) throws RenderException {
    String text = scalarText(placeholder, value);
    String problem = problemWith(text);
    if (problem != null) {
      throw new RenderException(placeholder, problem);
    }
    return text;
  }

  /** Why {@code text} is not a safe single token, or {@code null} when it is. */
  public static String problemWith(String text) {
    if (text.isEmpty()) {
      return "it is empty";
    }
    if (text.length() > MAX_VALUE_LENGTH) {
      return "it is longer than " + MAX_VALUE_LENGTH + " characters";
    }
    for (int i = 0; i < text.length(); i++) {
      String bad = describeForbidden(text.charAt(i));
      if (bad != null) {
        return "it contains " + bad;
      }
    }
    return null;
  }

  /** Describes a character that may not appear in a token, or {@code null} if it may. */
  static String describeForbidden(char c) {
    if (c == '.') {
      return "'.'";
    }
    if (c == '*' || c == '>') {
      return "the wildcard '" + c + "'";
    }
    if (c == ' ' || c == '\t' || Character.isWhitespace(c)) {
      return "whitespace";
    }
    if (c < 0x20 || c == 0x7F) {
      return "a control character";
    }
    if (c > 0x7E) {
      return "a non-ASCII character";
    }
    return null;
  }

  private static String scalarText(Placeholder placeholder, Object value) throws RenderException {
    if (value == null) {
      throw new RenderException(placeholder, "it has no value");
    }
    if (value instanceof CharSequence || value instanceof Boolean || value instanceof Enum<?>) {
      return value.toString();
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof Number number) {
      return integralText(placeholder, number);
    }
    throw new RenderException(placeholder, whyNotScalar(value));
  }

  /**
   * Refused by type, never by text: a list whose text happens to be a harmless token ({@code [1]})
   * is still a list.
   */
  private static String whyNotScalar(Object value) {
    if (value instanceof Map<?, ?>) {
      return "it is an object, not a single value";
    }
    if (value instanceof Iterable<?> || value.getClass().isArray()) {
      return "it is a list, not a single value";
    }
    return "it is not a single value";
  }

  private static String integralText(Placeholder placeholder, Number number)
      throws RenderException {
    try {
      BigDecimal decimal = number instanceof BigDecimal d ? d : new BigDecimal(number.toString());
      return decimal.toBigIntegerExact().toString();
    } catch (ArithmeticException | NumberFormatException notWhole) {
      throw new RenderException(placeholder, "it is not a whole number");
    }
  }
}
