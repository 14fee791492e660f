package dev.switchboard.bridge.schema;

import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaPrinter;
import java.util.List;

/**
 * An executable schema and the NATS bindings found in it.
 *
 * @param schema   what graphql-java executes
 * @param bindings every {@code @natsRequest} field, validated
 */
public record LoadedSchema(GraphQLSchema schema, List<RequestBinding> bindings) {

  /** The SDL clients see: the API without Switchboard's own directives. */
  public String clientSdl() {
    SchemaPrinter.Options options = SchemaPrinter.Options.defaultOptions()
        .includeDirectives(name -> !NatsDirectives.ALL.contains(name))
        .includeScalarTypes(true)
        .includeSchemaDefinition(false);
    return new SchemaPrinter(options).print(schema);
  }
}
