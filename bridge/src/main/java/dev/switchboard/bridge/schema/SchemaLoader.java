package dev.switchboard.bridge.schema;

import dev.switchboard.bridge.config.BridgeConfig.RequestsConfig;
import dev.switchboard.bridge.graphql.FieldGuard;
import dev.switchboard.bridge.graphql.GuardedFetcher;
import dev.switchboard.bridge.graphql.JsonFieldFetcher;
import dev.switchboard.bridge.graphql.PassthroughScalar;
import dev.switchboard.bridge.graphql.StrictIdScalar;
import dev.switchboard.bridge.graphql.TypenameResolver;
import graphql.language.FieldDefinition;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.TypeDefinition;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.ScalarInfo;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.errors.SchemaProblem;
import graphql.schema.validation.InvalidSchemaException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns SDL files into an executable schema: finds every {@code @natsRequest}, validates it (a bad
 * template stops start-up naming file, line, type, field and reason), and wires a data fetcher for
 * it. Fields without a directive read their value from the parent's JSON.
 */
public final class SchemaLoader {
  private SchemaLoader() {}

  /**
   * @param files SDL files or {@code classpath:} resources
   * @param defaults timeout and retries for fields that do not set them
   * @param fetchers makes the data fetcher of each NATS-backed field
   */
  public static LoadedSchema load(
      List<String> files, RequestsConfig defaults, FetcherFactory fetchers) throws SchemaException {
    TypeDefinitionRegistry registry = SchemaFiles.read(files);
    addMissingDefinitions(registry);
    // Every problem is collected before failing, so `check` names them all in one run.
    List<String> problems = new ArrayList<>();
    ListSizeDirective.validate(registry, problems);
    Bindings bindings = new BindingScanner(registry, defaults).scan(problems);
    if (hasPublishFields(registry) && registry.getType("PublishResult").isEmpty()) {
      registry.merge(SchemaFiles.parse(NatsDirectives.PUBLISH_RESULT, "(switchboard types)"));
    }
    Map<String, DataFetcher<?>> fetchersByField = new HashMap<>();
    bindings.requests().forEach(b -> fetchersByField.put(b.coordinate(), fetchers.request(b)));
    bindings.publishes().forEach(b -> fetchersByField.put(b.coordinate(), fetchers.publish(b)));
    bindings.subscribes().forEach(b -> fetchersByField.put(b.coordinate(), fetchers.subscribe(b)));
    GraphQLCodeRegistry.Builder code =
        GraphQLCodeRegistry.newCodeRegistry()
            .defaultDataFetcher(environment -> JsonFieldFetcher.INSTANCE);
    for (TypeDefinition<?> type : BindingScanner.allTypes(registry)) {
      if (type instanceof ObjectTypeDefinition object) {
        for (FieldDefinition field : object.getFieldDefinitions()) {
          String coordinate = object.getName() + "." + field.getName();
          DataFetcher<?> fetcher =
              fetchersByField.getOrDefault(coordinate, JsonFieldFetcher.INSTANCE);
          FieldGuard guard = GuardDirectives.guardOf(object, field, registry);
          if (!guard.isEmpty()) {
            fetcher = new GuardedFetcher(guard, fetcher);
          }
          if (fetcher != JsonFieldFetcher.INSTANCE) {
            code.dataFetcher(
                FieldCoordinates.coordinates(object.getName(), field.getName()), fetcher);
          }
        }
      }
    }
    // Replacing a built-in scalar is refused in strict mode; the spec-strict ID is the one
    // deliberate replacement, so strict mode is back on for everything wired after it.
    RuntimeWiring.Builder wiring =
        RuntimeWiring.newRuntimeWiring()
            .codeRegistry(code)
            .strictMode(false)
            .scalar(StrictIdScalar.ID)
            .strictMode(true);
    registry.scalars().values().stream()
        .filter(scalar -> !ScalarInfo.isGraphqlSpecifiedScalar(scalar.getName()))
        .forEach(
            scalar -> wiring.scalar(PassthroughScalar.named(scalar.getName(), describe(scalar))));
    registry
        .getTypes(InterfaceTypeDefinition.class)
        .forEach(
            type -> wiring.type(type.getName(), t -> t.typeResolver(TypenameResolver.INSTANCE)));
    registry
        .getTypes(graphql.language.UnionTypeDefinition.class)
        .forEach(
            type -> wiring.type(type.getName(), t -> t.typeResolver(TypenameResolver.INSTANCE)));
    try {
      GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(registry, wiring.build());
      if (!problems.isEmpty()) {
        throw new SchemaException(problems);
      }
      return new LoadedSchema(schema, bindings);
    } catch (SchemaProblem invalid) {
      problems.addAll(SchemaFiles.describeEach(invalid.getErrors()));
      throw new SchemaException(problems);
    } catch (InvalidSchemaException invalid) {
      // graphql-java's own checks of directive use repeat what the binding scan found
      if (problems.isEmpty()) {
        throw invalid;
      }
      throw new SchemaException(problems);
    }
  }

  /**
   * Whether any field carries {@code @natsPublish}, valid or not: their {@code PublishResult} type
   * is added even when a binding has a problem, so that problem is not reported twice.
   */
  private static boolean hasPublishFields(TypeDefinitionRegistry registry) {
    return BindingScanner.allTypes(registry).stream()
        .filter(ObjectTypeDefinition.class::isInstance)
        .flatMap(type -> ((ObjectTypeDefinition) type).getFieldDefinitions().stream())
        .anyMatch(field -> field.hasDirective(NatsDirectives.PUBLISH));
  }

  private static void addMissingDefinitions(TypeDefinitionRegistry registry)
      throws SchemaException {
    if (registry.getDirectiveDefinition(NatsDirectives.REQUEST).isEmpty()) {
      registry.merge(SchemaFiles.parse(NatsDirectives.DEFINITIONS, "(switchboard directives)"));
    }
    if (registry.getDirectiveDefinition(GuardDirectives.AUTHENTICATED).isEmpty()
        && registry.getDirectiveDefinition(GuardDirectives.REQUIRES_SCOPES).isEmpty()) {
      registry.merge(SchemaFiles.parse(GuardDirectives.DEFINITIONS, "(switchboard directives)"));
    }
    if (registry.getDirectiveDefinition(ListSizeDirective.NAME).isEmpty()) {
      registry.merge(SchemaFiles.parse(ListSizeDirective.DEFINITION, "(switchboard directives)"));
    }
  }

  private static String describe(ScalarTypeDefinition scalar) {
    return scalar.getDescription() != null ? scalar.getDescription().getContent() : null;
  }
}
