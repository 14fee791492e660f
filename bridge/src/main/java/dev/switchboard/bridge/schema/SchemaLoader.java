package dev.switchboard.bridge.schema;

import dev.switchboard.bridge.config.BridgeConfig.RequestsConfig;
import dev.switchboard.bridge.graphql.FieldGuard;
import dev.switchboard.bridge.graphql.GuardedFetcher;
import dev.switchboard.bridge.graphql.JsonFieldFetcher;
import dev.switchboard.bridge.graphql.PassthroughScalar;
import dev.switchboard.bridge.graphql.TypenameResolver;
import graphql.language.Directive;
import graphql.language.FieldDefinition;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.OperationTypeDefinition;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns SDL files into an executable schema: finds every {@code @natsRequest}, validates it (a bad
 * template stops start-up naming file, line, type, field and reason), and wires a data fetcher for
 * it. Fields without a directive read their value from the parent's JSON.
 */
public final class SchemaLoader {
  private SchemaLoader() {}

  /**
   * @param files    SDL files or {@code classpath:} resources
   * @param defaults timeout and retries for fields that do not set them
   * @param fetchers makes the data fetcher of each {@code @natsRequest} field
   */
  public static LoadedSchema load(List<String> files, RequestsConfig defaults,
      Function<RequestBinding, DataFetcher<?>> fetchers) throws SchemaException {
    TypeDefinitionRegistry registry = SchemaFiles.read(files);
    if (registry.getDirectiveDefinition(NatsDirectives.REQUEST).isEmpty()) {
      registry.merge(SchemaFiles.parse(NatsDirectives.DEFINITIONS, "(switchboard directives)"));
    }
    if (registry.getDirectiveDefinition(GuardDirectives.AUTHENTICATED).isEmpty()
        && registry.getDirectiveDefinition(GuardDirectives.REQUIRES_SCOPES).isEmpty()) {
      registry.merge(SchemaFiles.parse(GuardDirectives.DEFINITIONS, "(switchboard directives)"));
    }
    List<RequestBinding> bindings = bindings(registry, defaults);
    Map<String, DataFetcher<?>> fetchersByField = new HashMap<>();
    for (RequestBinding binding : bindings) {
      fetchersByField.put(binding.coordinate(), fetchers.apply(binding));
    }
    GraphQLCodeRegistry.Builder code = GraphQLCodeRegistry.newCodeRegistry()
        .defaultDataFetcher(environment -> JsonFieldFetcher.INSTANCE);
    for (TypeDefinition<?> type : allTypes(registry)) {
      if (type instanceof ObjectTypeDefinition object) {
        for (FieldDefinition field : object.getFieldDefinitions()) {
          String coordinate = object.getName() + "." + field.getName();
          DataFetcher<?> fetcher = fetchersByField.getOrDefault(coordinate, JsonFieldFetcher.INSTANCE);
          FieldGuard guard = GuardDirectives.guardOf(object, field, registry);
          if (!guard.isEmpty()) {
            fetcher = new GuardedFetcher(guard, fetcher);
          }
          if (fetcher != JsonFieldFetcher.INSTANCE) {
            code.dataFetcher(FieldCoordinates.coordinates(object.getName(), field.getName()), fetcher);
          }
        }
      }
    }
    RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring().codeRegistry(code);
    registry.scalars().values().stream()
        .filter(scalar -> !ScalarInfo.isGraphqlSpecifiedScalar(scalar.getName()))
        .forEach(scalar -> wiring.scalar(PassthroughScalar.named(scalar.getName(), describe(scalar))));
    registry.getTypes(InterfaceTypeDefinition.class)
        .forEach(type -> wiring.type(type.getName(), t -> t.typeResolver(TypenameResolver.INSTANCE)));
    registry.getTypes(graphql.language.UnionTypeDefinition.class)
        .forEach(type -> wiring.type(type.getName(), t -> t.typeResolver(TypenameResolver.INSTANCE)));
    try {
      GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(registry, wiring.build());
      return new LoadedSchema(schema, List.copyOf(bindings));
    } catch (SchemaProblem invalid) {
      throw new SchemaException(SchemaFiles.describe(invalid.getErrors()));
    }
  }

  private static String describe(ScalarTypeDefinition scalar) {
    return scalar.getDescription() != null ? scalar.getDescription().getContent() : null;
  }

  private static List<RequestBinding> bindings(TypeDefinitionRegistry registry, RequestsConfig defaults)
      throws SchemaException {
    Map<String, String> roots = rootTypes(registry);
    List<RequestBinding> bindings = new ArrayList<>();
    for (TypeDefinition<?> type : allTypes(registry)) {
      if (type instanceof InterfaceTypeDefinition iface) {
        rejectDirectivesOn(iface);
      }
      if (!(type instanceof ObjectTypeDefinition object)) {
        continue;
      }
      for (FieldDefinition field : object.getFieldDefinitions()) {
        List<Directive> directives = field.getDirectives(NatsDirectives.REQUEST);
        if (directives.isEmpty()) {
          continue;
        }
        String location = SchemaFiles.location(field.getSourceLocation());
        String coordinate = object.getName() + "." + field.getName();
        if (directives.size() > 1) {
          throw SchemaException.at(location, coordinate, "@natsRequest appears more than once");
        }
        if ("subscription".equals(roots.get(object.getName()))) {
          throw SchemaException.at(location, coordinate, "@natsRequest cannot resolve a subscription field");
        }
        RequestBinding binding;
        try {
          binding = NatsDirectives.requestBinding(object.getName(), field.getName(), directives.get(0),
              defaults, location);
        } catch (NatsDirectives.InvalidDirective invalid) {
          throw SchemaException.at(location, coordinate, invalid.getMessage());
        }
        String problem = BindingValidator.problem(binding, field, roots.containsKey(object.getName()));
        if (problem != null) {
          throw SchemaException.at(location, coordinate, problem);
        }
        bindings.add(binding);
      }
    }
    return bindings;
  }

  private static void rejectDirectivesOn(InterfaceTypeDefinition iface) throws SchemaException {
    for (FieldDefinition field : iface.getFieldDefinitions()) {
      if (!field.getDirectives(NatsDirectives.REQUEST).isEmpty()) {
        throw SchemaException.at(SchemaFiles.location(field.getSourceLocation()),
            iface.getName() + "." + field.getName(),
            "@natsRequest belongs on the fields of object types, not interfaces");
      }
    }
  }

  /** Type definitions and their {@code extend type} extensions. */
  private static List<TypeDefinition<?>> allTypes(TypeDefinitionRegistry registry) {
    List<TypeDefinition<?>> types = new ArrayList<>();
    for (TypeDefinition<?> type : registry.types().values()) {
      types.add(type);
    }
    registry.objectTypeExtensions().values().forEach(types::addAll);
    registry.interfaceTypeExtensions().values().forEach(types::addAll);
    return types;
  }

  /** Root type name to operation ("query", "mutation", "subscription"). */
  private static Map<String, String> rootTypes(TypeDefinitionRegistry registry) {
    Map<String, String> roots = new HashMap<>();
    registry.schemaDefinition().ifPresentOrElse(
        schema -> schema.getOperationTypeDefinitions().forEach((OperationTypeDefinition op) ->
            roots.put(op.getTypeName().getName(), op.getName())),
        () -> {
          roots.put("Query", "query");
          roots.put("Mutation", "mutation");
          roots.put("Subscription", "subscription");
        });
    return roots;
  }
}
