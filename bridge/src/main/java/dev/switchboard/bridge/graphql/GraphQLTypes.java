package dev.switchboard.bridge.graphql;

import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

/** Type names as they read in SDL, e.g. {@code [Order!]!}. */
final class GraphQLTypes {
  private GraphQLTypes() {}

  static String name(GraphQLType type) {
    return GraphQLTypeUtil.simplePrint(type);
  }
}
