package dev.switchboard.bridge.schema;

import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaPrinter;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An executable schema and the NATS bindings found in it.
 *
 * @param schema what graphql-java executes
 * @param bindings every NATS-backed field, validated
 */
public record LoadedSchema(GraphQLSchema schema, Bindings bindings) {
  /** Directives only the bridge reads: the NATS bindings and the list size hints. */
  private static final Set<String> BRIDGE_ONLY =
      Stream.concat(NatsDirectives.ALL.stream(), Stream.of(ListSizeDirective.NAME))
          .collect(Collectors.toUnmodifiableSet());

  private static final Set<String> BUILT_IN =
      Set.of(
          "include",
          "skip",
          "deprecated",
          "specifiedBy",
          "oneOf",
          "defer",
          "experimental_disableErrorPropagation");

  /** The SDL clients see: the API without the directives only the bridge reads. */
  public String clientSdl() {
    SchemaPrinter.Options options =
        SchemaPrinter.Options.defaultOptions()
            .includeDirectives(name -> !BRIDGE_ONLY.contains(name))
            // only the directives the SDL's authors wrote; graphql-java's built-ins are implied
            .includeDirectiveDefinition(
                name -> !BRIDGE_ONLY.contains(name) && !BUILT_IN.contains(name))
            .includeScalarTypes(true)
            .includeSchemaDefinition(false);
    return new SchemaPrinter(options).print(schema);
  }
}
