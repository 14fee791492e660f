package dev.switchboard.bridge.graphql;

import dev.switchboard.subjects.Placeholder;
import graphql.schema.DataFetchingEnvironment;
import java.util.Map;

/**
 * Looks up placeholder values: {@code args.*} in the field's arguments, {@code parent.*} in the
 * parent's JSON, {@code claims.*} in the caller's claims.
 */
final class PlaceholderValues {
  private PlaceholderValues() {}

  static Object lookup(
      Placeholder placeholder, DataFetchingEnvironment environment, RequestContext request) {
    Object current =
        switch (placeholder.source()) {
          case ARGS -> environment.getArguments();
          case PARENT -> environment.getSource();
          case CLAIMS -> request.caller().claims();
        };
    return walk(current, placeholder);
  }

  /**
   * For a field without arguments (where {@code args.*} has no value, as graphql-java's empty
   * argument map gives none), read from the parent's JSON and the caller: no environment needed.
   */
  static Object lookupWithoutArguments(
      Placeholder placeholder, Object parent, RequestContext request) {
    Object current =
        switch (placeholder.source()) {
          case ARGS -> Map.of();
          case PARENT -> parent;
          case CLAIMS -> request.caller().claims();
        };
    return walk(current, placeholder);
  }

  private static Object walk(Object start, Placeholder placeholder) {
    Object current = start;
    for (String key : placeholder.path()) {
      if (!(current instanceof Map<?, ?> object)) {
        return null;
      }
      current = object.get(key);
    }
    return current;
  }
}
