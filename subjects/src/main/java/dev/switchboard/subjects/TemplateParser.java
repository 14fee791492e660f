package dev.switchboard.subjects;

import java.util.ArrayList;
import java.util.List;

/** Parsing and static validation behind {@link SubjectTemplate}. */
final class TemplateParser {
  private static final String OPEN = "{{";
  private static final String CLOSE = "}}";

  /** Stands for a placeholder while the static shape is checked; never valid in a real subject. */
  private static final char SLOT = '\u0000';

  private TemplateParser() {}

  static List<Object> split(String template) throws TemplateException {
    List<Object> parts = new ArrayList<>();
    int at = 0;
    while (at < template.length()) {
      int open = template.indexOf(OPEN, at);
      int strayClose = template.indexOf(CLOSE, at);
      if (strayClose >= 0 && (open < 0 || strayClose < open)) {
        throw new TemplateException(template, "'}}' without '{{' at position " + strayClose);
      }
      if (open < 0) {
        parts.add(template.substring(at));
        break;
      }
      if (open > at) {
        parts.add(template.substring(at, open));
      }
      int close = template.indexOf(CLOSE, open + OPEN.length());
      if (close < 0) {
        throw new TemplateException(template, "'{{' at position " + open + " is never closed");
      }
      String expression = template.substring(open + OPEN.length(), close).trim();
      parts.add(parseExpression(template, expression));
      at = close + CLOSE.length();
    }
    return parts;
  }

  /** {@code source ( '.' name | '["' text '"]' )+}, e.g. {@code claims["https://x/tenant"]}. */
  static Placeholder parseExpression(String template, String expression) throws TemplateException {
    if (expression.isEmpty()) {
      throw new TemplateException(template, "empty placeholder '{{ }}'");
    }
    int dot = firstSeparator(expression);
    String prefix = dot < 0 ? expression : expression.substring(0, dot);
    Placeholder.Source source = Placeholder.Source.byPrefix(prefix);
    if (source == null) {
      throw new TemplateException(
          template,
          "unknown placeholder '" + expression + "': it must start with args., parent. or claims.");
    }
    List<String> path = new ArrayList<>();
    int at = prefix.length();
    while (at < expression.length()) {
      char c = expression.charAt(at);
      if (c == '.') {
        int end = at + 1;
        while (end < expression.length() && isNameChar(expression.charAt(end))) {
          end++;
        }
        if (end == at + 1) {
          throw new TemplateException(
              template, "placeholder '" + expression + "' has an empty name after '.'");
        }
        path.add(expression.substring(at + 1, end));
        at = end;
      } else if (c == '[') {
        at = readQuoted(template, expression, at, path);
      } else {
        throw new TemplateException(
            template, "placeholder '" + expression + "' has an unexpected '" + c + "'");
      }
    }
    if (path.isEmpty()) {
      throw new TemplateException(
          template, "placeholder '" + expression + "' names no property, e.g. " + prefix + ".id");
    }
    return new Placeholder(source, path, expression);
  }

  private static int readQuoted(String template, String expression, int at, List<String> path)
      throws TemplateException {
    char quote = at + 1 < expression.length() ? expression.charAt(at + 1) : 0;
    int end = quote == '"' || quote == '\'' ? expression.indexOf(quote, at + 2) : -1;
    if (end < 0
        || end + 1 >= expression.length()
        || expression.charAt(end + 1) != ']'
        || end == at + 2) {
      throw new TemplateException(
          template, "placeholder '" + expression + "' has a malformed [\"name\"] part");
    }
    path.add(expression.substring(at + 2, end));
    return end + 2;
  }

  private static int firstSeparator(String expression) {
    for (int i = 0; i < expression.length(); i++) {
      char c = expression.charAt(i);
      if (c == '.' || c == '[') {
        return i;
      }
    }
    return -1;
  }

  private static boolean isNameChar(char c) {
    return c == '_'
        || c == '-'
        || (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9');
  }

  /** Checks the static text: tokens non-empty, legal characters, wildcards only where allowed. */
  static void checkShape(String template, List<Object> parts, SubjectTemplate.Kind kind)
      throws TemplateException {
    StringBuilder shape = new StringBuilder();
    for (Object part : parts) {
      if (part instanceof String text && text.indexOf(SLOT) >= 0) {
        // A literal NUL would pass for a placeholder in the token check below.
        String upToNul = shape + text.substring(0, text.indexOf(SLOT));
        throw new TemplateException(
            template, "token " + upToNul.split("\\.", -1).length + " contains a control character");
      }
      shape.append(part instanceof Placeholder ? String.valueOf(SLOT) : (String) part);
    }
    String[] tokens = shape.toString().split("\\.", -1);
    for (int i = 0; i < tokens.length; i++) {
      checkToken(template, tokens[i], i, i == tokens.length - 1, kind);
    }
  }

  private static void checkToken(
      String template, String token, int index, boolean last, SubjectTemplate.Kind kind)
      throws TemplateException {
    String where = "token " + (index + 1);
    if (token.isEmpty()) {
      throw new TemplateException(template, where + " is empty (leading, trailing or double '.')");
    }
    if (token.equals("*") || token.equals(">")) {
      if (kind == SubjectTemplate.Kind.PUBLISH) {
        throw new TemplateException(
            template,
            "wildcard '"
                + token
                + "' in "
                + where
                + ": requests and publishes need a concrete subject");
      }
      if (token.equals(">") && !last) {
        throw new TemplateException(template, "'>' must be the last token");
      }
      return;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      String bad = c == SLOT ? null : SubjectTokens.describeForbidden(c);
      if (bad != null) {
        throw new TemplateException(
            template,
            where
                + " contains "
                + bad
                + (c == '*' || c == '>' ? " (wildcards must be whole tokens)" : ""));
      }
    }
  }
}
