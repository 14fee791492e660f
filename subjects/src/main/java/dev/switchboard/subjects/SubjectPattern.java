package dev.switchboard.subjects;

import java.util.Arrays;
import java.util.Objects;

/**
 * A NATS subject pattern with wildcard semantics: {@code *} matches exactly one token, a final
 * {@code >} matches one or more tokens. Used for permissions: does a subject fall under a pattern
 * ({@link #matches}), is every subject of a subscription allowed ({@link #covers}), could a
 * subscription receive a denied subject ({@link #overlaps}).
 */
public final class SubjectPattern {
  private final String text;
  private final String[] tokens;

  private SubjectPattern(String text, String[] tokens) {
    this.text = text;
    this.tokens = tokens;
  }

  /**
   * @throws IllegalArgumentException naming the problem (empty token, {@code >} not last...)
   */
  public static SubjectPattern parse(String pattern) {
    if (pattern == null || pattern.isEmpty()) {
      throw new IllegalArgumentException("a subject pattern must not be empty");
    }
    String[] tokens = pattern.split("\\.", -1);
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i];
      if (token.isEmpty()) {
        throw new IllegalArgumentException("'" + pattern + "': token " + (i + 1) + " is empty");
      }
      if (token.equals(">") && i != tokens.length - 1) {
        throw new IllegalArgumentException("'" + pattern + "': '>' must be the last token");
      }
      for (int c = 0; c < token.length(); c++) {
        char ch = token.charAt(c);
        boolean wildcardInsideToken = (ch == '*' || ch == '>') && token.length() > 1;
        if (wildcardInsideToken || ch <= ' ' || ch > '~') {
          throw new IllegalArgumentException(
              "'"
                  + pattern
                  + "': token "
                  + (i + 1)
                  + " '"
                  + token
                  + "' is not a valid subject token");
        }
      }
    }
    return new SubjectPattern(pattern, tokens);
  }

  /** True when the concrete {@code subject} falls under this pattern. */
  public boolean matches(String subject) {
    return covers(subject.split("\\.", -1));
  }

  /**
   * True when every subject that {@code other} can match also matches this pattern: a subscription
   * to {@code other} receives nothing this pattern does not allow.
   */
  public boolean covers(SubjectPattern other) {
    return covers(other.tokens);
  }

  /** True when some subject matches both patterns. */
  public boolean overlaps(SubjectPattern other) {
    String[] a = tokens;
    String[] b = other.tokens;
    int i = 0;
    while (i < a.length && i < b.length) {
      if (a[i].equals(">") || b[i].equals(">")) {
        return true;
      }
      if (!a[i].equals("*") && !b[i].equals("*") && !a[i].equals(b[i])) {
        return false;
      }
      i++;
    }
    return a.length == b.length;
  }

  public boolean hasWildcards() {
    for (String token : tokens) {
      if (token.equals("*") || token.equals(">")) {
        return true;
      }
    }
    return false;
  }

  private boolean covers(String[] other) {
    for (int i = 0; i < tokens.length; i++) {
      String mine = tokens[i];
      if (mine.equals(">")) {
        return other.length > i;
      }
      if (i >= other.length || other[i].equals(">")) {
        return false;
      }
      if (!mine.equals("*") && (other[i].equals("*") || !mine.equals(other[i]))) {
        return false;
      }
    }
    return other.length == tokens.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SubjectPattern pattern && Arrays.equals(tokens, pattern.tokens);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text);
  }

  @Override
  public String toString() {
    return text;
  }
}
