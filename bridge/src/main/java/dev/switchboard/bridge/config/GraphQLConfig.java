package dev.switchboard.bridge.config;

/**
 * How GraphQL itself is exposed.
 *
 * @param introspection answer {@code __schema} and {@code __type} (default: the value of {@code
 *     dev}); {@code __typename} is always answered
 * @param executionStrategy {@code bridge} (default): reply sub-trees made only of plain JSON fields
 *     are completed in one pass; {@code standard}: graphql-java's own strategy for every field
 */
public record GraphQLConfig(Boolean introspection, Strategy executionStrategy) {

  /** Which execution strategy runs queries and mutations. */
  public enum Strategy {
    bridge,
    standard
  }

  public GraphQLConfig {
    executionStrategy = executionStrategy != null ? executionStrategy : Strategy.bridge;
  }

  static GraphQLConfig defaults() {
    return new GraphQLConfig(null, null);
  }
}
