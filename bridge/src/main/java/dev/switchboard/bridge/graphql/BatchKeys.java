package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import dev.switchboard.subjects.Placeholder;
import dev.switchboard.subjects.SubjectTemplate;
import graphql.schema.DataFetchingEnvironment;
import java.util.Map;

/** Renders a parent's {@code batchKey}: scalar values only, with the rules of a subject token. */
final class BatchKeys {
  private BatchKeys() {}

  /**
   * @return the key, or null when a placeholder has no value (the field is null, nothing is sent)
   * @throws BridgeException {@code BAD_USER_INPUT} when a value is not a scalar or not one token
   */
  static String render(
      SubjectTemplate key, DataFetchingEnvironment environment, RequestContext request) {
    for (Placeholder placeholder : key.placeholders()) {
      if (!checked(placeholder, PlaceholderValues.lookup(placeholder, environment, request))) {
        return null;
      }
    }
    return FieldSubjects.render(key, environment, request);
  }

  /** The same, for a field without arguments, from its parent's JSON alone. */
  static String renderWithoutArguments(SubjectTemplate key, Object parent, RequestContext request) {
    for (Placeholder placeholder : key.placeholders()) {
      Object value = PlaceholderValues.lookupWithoutArguments(placeholder, parent, request);
      if (!checked(placeholder, value)) {
        return null;
      }
    }
    return FieldSubjects.renderWithoutArguments(key, parent, request);
  }

  /** False when the value is missing (no key); refuses a value that is not a scalar. */
  private static boolean checked(Placeholder placeholder, Object value) {
    if (value == null) {
      return false;
    }
    if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
      throw new BridgeException(
          ErrorCode.BAD_USER_INPUT,
          "The batchKey placeholder " + placeholder + " must be a string, number or boolean.",
          Map.of("placeholder", placeholder.expression()),
          null,
          null);
    }
    return true;
  }
}
