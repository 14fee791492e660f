package dev.switchboard.bridge.schema;

/**
 * A schema that cannot be served. The message reads {@code file:line: Type.field: reason} so the
 * author can go straight to the spot.
 */
public final class SchemaException extends Exception {
  public SchemaException(String message) {
    super(message);
  }

  static SchemaException at(String location, String coordinate, String reason) {
    return new SchemaException(location + ": " + coordinate + ": " + reason);
  }
}
