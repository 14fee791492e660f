package dev.switchboard.bridge.graphql;

import graphql.TypeResolutionEnvironment;
import graphql.schema.GraphQLObjectType;
import graphql.schema.TypeResolver;
import java.util.Map;

/**
 * Resolves interfaces and unions from the reply: the JSON object names its type in {@code
 * __typename}. Returning null makes graphql-java report an unresolved type, which the bridge
 * reports as {@code BAD_REPLY}.
 */
public final class TypenameResolver implements TypeResolver {
  public static final TypenameResolver INSTANCE = new TypenameResolver();

  private TypenameResolver() {}

  @Override
  public GraphQLObjectType getType(TypeResolutionEnvironment environment) {
    Object value = environment.getObject();
    if (value instanceof Map<?, ?> object && object.get("__typename") instanceof String name) {
      return environment.getSchema().getObjectType(name);
    }
    return null;
  }
}
