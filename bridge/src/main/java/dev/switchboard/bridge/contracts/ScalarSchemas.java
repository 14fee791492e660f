package dev.switchboard.bridge.contracts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.Scalars;
import graphql.schema.GraphQLScalarType;

/** GraphQL's built-in scalars as the JSON values the bridge sends and reads. */
final class ScalarSchemas {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ScalarSchemas() {}

  /** Built-in scalars as JSON values; null for any other scalar. */
  static ObjectNode builtIn(GraphQLScalarType scalar, JsonSchemas.Side side) {
    String name = scalar.getName();
    if (name.equals(Scalars.GraphQLString.getName())) {
      return NODES.objectNode().put("type", "string");
    }
    if (name.equals(Scalars.GraphQLBoolean.getName())) {
      return NODES.objectNode().put("type", "boolean");
    }
    if (name.equals(Scalars.GraphQLFloat.getName())) {
      return NODES.objectNode().put("type", "number");
    }
    if (name.equals(Scalars.GraphQLInt.getName())) {
      return NODES
          .objectNode()
          .put("type", "integer")
          .put("minimum", Integer.MIN_VALUE)
          .put("maximum", Integer.MAX_VALUE);
    }
    if (name.equals(Scalars.GraphQLID.getName())) {
      // graphql-java coerces ID arguments to strings; a reply may hold a string or an integer
      if (side == JsonSchemas.Side.INPUT) {
        return NODES.objectNode().put("type", "string");
      }
      ObjectNode id = NODES.objectNode();
      id.putArray("type").add("string").add("integer");
      return id;
    }
    return null;
  }
}
