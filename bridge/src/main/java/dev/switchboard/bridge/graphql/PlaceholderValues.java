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
    for (String key : placeholder.path()) {
      if (!(current instanceof Map<?, ?> object)) {
        return null;
      }
      current = object.get(key);
    }
    return current;
  }
}
