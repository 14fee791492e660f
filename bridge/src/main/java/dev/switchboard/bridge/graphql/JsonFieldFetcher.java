package dev.switchboard.bridge.graphql;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.LightDataFetcher;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The default for fields without a directive: the value of the same-named property of the parent's
 * JSON object, checked against the field's type so that a mistyped reply becomes {@code BAD_REPLY}
 * instead of silent nulls. Light: graphql-java need not build an environment per field.
 */
public final class JsonFieldFetcher implements LightDataFetcher<Object> {
  public static final JsonFieldFetcher INSTANCE = new JsonFieldFetcher();

  private JsonFieldFetcher() {}

  @Override
  public Object get(
      GraphQLFieldDefinition field, Object source, Supplier<DataFetchingEnvironment> environment) {
    if (source == null) {
      return null;
    }
    if (!(source instanceof Map<?, ?> object)) {
      throw Replies.badReply(
          field.getName(), "the parent is " + ReplyShape.kind(source) + ", not an object");
    }
    Object value = object.get(field.getName());
    String problem = ReplyShape.mismatch(value, field.getType());
    if (problem != null) {
      throw Replies.badReply(field.getName(), problem);
    }
    return value;
  }

  @Override
  public Object get(DataFetchingEnvironment environment) {
    return get(environment.getFieldDefinition(), environment.getSource(), () -> environment);
  }
}
