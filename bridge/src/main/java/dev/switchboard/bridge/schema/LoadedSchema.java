package dev.switchboard.bridge.schema;

import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaPrinter;

/**
 * An executable schema and the NATS bindings found in it.
 *
 * @param schema what graphql-java executes
 * @param bindings every NATS-backed field, validated
 */
public record LoadedSchema(GraphQLSchema schema, Bindings bindings) {
  private static final java.util.Set<String> BUILT_IN =
      java.util.Set.of(
          "include",
          "skip",
          "deprecated",
          "specifiedBy",
          "oneOf",
          "defer",
          "experimental_disableErrorPropagation");

  /** The SDL clients see: the API without Switchboard's own directives. */
  public String clientSdl() {
    SchemaPrinter.Options options =
        SchemaPrinter.Options.defaultOptions()
            .includeDirectives(name -> !NatsDirectives.ALL.contains(name))
            // only the directives the SDL's authors wrote; graphql-java's built-ins are implied
            .includeDirectiveDefinition(
                name -> !NatsDirectives.ALL.contains(name) && !BUILT_IN.contains(name))
            .includeScalarTypes(true)
            .includeSchemaDefinition(false);
    return new SchemaPrinter(options).print(schema);
  }
}
