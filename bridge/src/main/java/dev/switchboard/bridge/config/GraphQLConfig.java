package dev.switchboard.bridge.config;

/**
 * How GraphQL itself is exposed.
 *
 * @param introspection answer {@code __schema} and {@code __type} (default: the value of {@code
 *     dev}); {@code __typename} is always answered
 */
public record GraphQLConfig(Boolean introspection) {

  static GraphQLConfig defaults() {
    return new GraphQLConfig(null);
  }
}
