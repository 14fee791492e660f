package dev.switchboard.bridge.schema;

import java.util.List;

/**
 * A schema that cannot be served, with every problem found in it. Each problem reads {@code
 * file:line: Type.field: reason} so the author can go straight to the spot; the message lists them
 * one a line.
 */
public final class SchemaException extends Exception {
  private final List<String> problems;

  public SchemaException(String problem) {
    this(List.of(problem));
  }

  public SchemaException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, in the order they were found (file order, then field order). */
  public List<String> problems() {
    return problems;
  }

  static SchemaException at(String location, String coordinate, String reason) {
    return new SchemaException(problemAt(location, coordinate, reason));
  }

  static String problemAt(String location, String coordinate, String reason) {
    return location + ": " + coordinate + ": " + reason;
  }
}
