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
      Object value = PlaceholderValues.lookup(placeholder, environment, request);
      if (value == null) {
        return null;
      }
      if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
        throw new BridgeException(
            ErrorCode.BAD_USER_INPUT,
            "The batchKey placeholder " + placeholder + " must be a string, number or boolean.",
            Map.of("placeholder", placeholder.expression()),
            null,
            null);
      }
    }
    return FieldSubjects.render(key, environment, request);
  }
}
