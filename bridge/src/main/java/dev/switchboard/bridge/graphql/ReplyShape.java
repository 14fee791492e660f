package dev.switchboard.bridge.graphql;

import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLType;
import graphql.schema.idl.ScalarInfo;
import java.util.List;
import java.util.Map;

/**
 * Checks that a JSON value has the shape a GraphQL type needs: an object for object types, an array
 * for lists, a single value for scalars and enums, and no null where the type is non-null. Scalar
 * contents (an Int that is "abc") are checked by graphql-java's own coercion.
 */
final class ReplyShape {
  private ReplyShape() {}

  /**
   * @return what is wrong, or null when the value fits
   */
  static String mismatch(Object value, GraphQLType type) {
    GraphQLType expected = type;
    if (expected instanceof GraphQLNonNull nonNull) {
      if (value == null) {
        return "null for a non-null " + GraphQLTypes.name(nonNull.getWrappedType());
      }
      expected = nonNull.getWrappedType();
    }
    if (value == null) {
      return null;
    }
    if (expected instanceof GraphQLList list) {
      if (!(value instanceof List<?> items)) {
        return "expected a JSON array for " + GraphQLTypes.name(list) + ", got " + kind(value);
      }
      for (int i = 0; i < items.size(); i++) {
        String problem = mismatch(items.get(i), list.getWrappedType());
        if (problem != null) {
          return "item " + i + ": " + problem;
        }
      }
      return null;
    }
    if (expected instanceof GraphQLCompositeType composite) {
      return value instanceof Map
          ? null
          : "expected a JSON object for " + composite.getName() + ", got " + kind(value);
    }
    if (expected instanceof GraphQLScalarType scalar
        && !ScalarInfo.isGraphqlSpecifiedScalar(scalar.getName())) {
      // custom scalars carry any JSON through (see PassthroughScalar)
      return null;
    }
    return value instanceof Map || value instanceof List
        ? "expected a single value for " + GraphQLTypes.name(expected) + ", got " + kind(value)
        : null;
  }

  static String kind(Object value) {
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    return "null";
  }
}
