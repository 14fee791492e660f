package dev.switchboard.subjects;

import java.util.List;

/**
 * One {@code {{ source.path }}} expression of a subject template, e.g. {@code args.id}, {@code
 * parent.customerId} or {@code claims["https://acme.io/tenant"]}.
 *
 * @param source where the value comes from
 * @param path the property names to walk, outermost first (never empty)
 * @param expression the expression as written, for messages
 */
public record Placeholder(Source source, List<String> path, String expression) {

  /** Where a placeholder's value comes from. */
  public enum Source {
    /** The field's arguments. */
    ARGS("args"),
    /** The parent object's JSON (the value the enclosing field resolved to). */
    PARENT("parent"),
    /** The verified caller's token claims. */
    CLAIMS("claims");

    private final String prefix;

    Source(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }

    static Source byPrefix(String prefix) {
      for (Source source : values()) {
        if (source.prefix.equals(prefix)) {
          return source;
        }
      }
      return null;
    }
  }

  public Placeholder {
    path = List.copyOf(path);
    if (path.isEmpty()) {
      throw new IllegalArgumentException("a placeholder needs a path");
    }
  }

  /** The first property name, e.g. the argument name for {@code args.input.id}. */
  public String root() {
    return path.get(0);
  }

  @Override
  public String toString() {
    return "{{ " + expression + " }}";
  }
}
