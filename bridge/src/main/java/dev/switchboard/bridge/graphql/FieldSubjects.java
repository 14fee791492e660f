package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import dev.switchboard.subjects.RenderException;
import dev.switchboard.subjects.SubjectTemplate;
import graphql.schema.DataFetchingEnvironment;
import java.util.Map;

/** Renders the subject a NATS-backed field sends to, from its arguments, parent and caller. */
final class FieldSubjects {
  private FieldSubjects() {}

  /**
   * @throws BridgeException {@code BAD_USER_INPUT} when a value cannot be exactly one token;
   *     nothing is sent
   */
  static String render(
      SubjectTemplate template, DataFetchingEnvironment environment, RequestContext request) {
    return render(template, p -> PlaceholderValues.lookup(p, environment, request));
  }

  /** The same, for a field without arguments, from its parent's JSON and the caller alone. */
  static String renderWithoutArguments(
      SubjectTemplate template, Object parent, RequestContext request) {
    return render(template, p -> PlaceholderValues.lookupWithoutArguments(p, parent, request));
  }

  private static String render(SubjectTemplate template, SubjectTemplate.Values values) {
    try {
      return template.render(values);
    } catch (RenderException unsafe) {
      throw new BridgeException(
          ErrorCode.BAD_USER_INPUT,
          unsafe.getMessage(),
          Map.of("placeholder", unsafe.placeholder().expression()),
          null,
          null);
    }
  }
}
