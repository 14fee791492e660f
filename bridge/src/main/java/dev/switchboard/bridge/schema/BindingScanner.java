package dev.switchboard.bridge.schema;

import dev.switchboard.bridge.config.BridgeConfig.RequestsConfig;
import graphql.language.Directive;
import graphql.language.FieldDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.OperationTypeDefinition;
import graphql.language.Type;
import graphql.language.TypeDefinition;
import graphql.language.TypeName;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.TypeUtil;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the NATS directives of a schema and validates each where it stands: request on object
 * fields, publish on mutations, subscribe on subscriptions; placeholders that can have values.
 * Every problem reads {@code file:line: Type.field: reason}.
 */
final class BindingScanner {
  private static final String PUBLISH_RESULT = "PublishResult";
  private final TypeDefinitionRegistry registry;
  private final RequestsConfig defaults;
  private final Map<String, String> roots;

  BindingScanner(TypeDefinitionRegistry registry, RequestsConfig defaults) {
    this.registry = registry;
    this.defaults = defaults;
    this.roots = rootTypes(registry);
  }

  /**
   * @param problems where each field's problem is added; the scan goes on past them, so one run
   *     names them all
   * @return the bindings of the fields without problems
   */
  Bindings scan(List<String> problems) {
    List<RequestBinding> requests = new ArrayList<>();
    List<PublishBinding> publishes = new ArrayList<>();
    List<SubscribeBinding> subscribes = new ArrayList<>();
    for (TypeDefinition<?> type : allTypes(registry)) {
      if (type instanceof InterfaceTypeDefinition iface) {
        rejectDirectivesOn(iface, problems);
      }
      if (type instanceof ObjectTypeDefinition object) {
        for (FieldDefinition field : object.getFieldDefinitions()) {
          try {
            scanField(object, field, requests, publishes, subscribes);
          } catch (SchemaException invalid) {
            problems.addAll(invalid.problems());
          }
        }
      }
    }
    return new Bindings(requests, publishes, subscribes);
  }

  private void scanField(
      ObjectTypeDefinition object,
      FieldDefinition field,
      List<RequestBinding> requests,
      List<PublishBinding> publishes,
      List<SubscribeBinding> subscribes)
      throws SchemaException {
    String location = SchemaFiles.location(field.getSourceLocation());
    String coordinate = object.getName() + "." + field.getName();
    List<Directive> directives = new ArrayList<>();
    for (String name : NatsDirectives.ALL) {
      directives.addAll(field.getDirectives(name));
    }
    if (directives.isEmpty()) {
      return;
    }
    if (directives.size() > 1) {
      throw SchemaException.at(
          location,
          coordinate,
          "a field takes one NATS directive, not "
              + directives.stream().map(d -> "@" + d.getName()).toList());
    }
    Directive directive = directives.get(0);
    String operation = roots.get(object.getName());
    Set<String> arguments = new LinkedHashSet<>();
    field.getInputValueDefinitions().stream()
        .map(InputValueDefinition::getName)
        .forEach(arguments::add);
    try {
      switch (directive.getName()) {
        case NatsDirectives.REQUEST -> {
          require(
              "subscription".equals(operation),
              false,
              "@natsRequest cannot resolve a subscription field");
          RequestBinding binding =
              NatsDirectives.requestBinding(
                  object.getName(), field.getName(), directive, defaults, location);
          check(BindingValidator.problem(List.of(binding.subject()), field, operation != null));
          if (binding.batched()) {
            check(
                BindingValidator.problem(
                    "batchKey", List.of(binding.batch().key()), field, operation != null));
          }
          requests.add(binding);
        }
        case NatsDirectives.PUBLISH -> {
          require("mutation".equals(operation), true, "@natsPublish belongs on Mutation fields");
          require(
              returnsPublishResult(field.getType()),
              true,
              "@natsPublish fields return "
                  + PUBLISH_RESULT
                  + ", not "
                  + TypeUtil.simplePrint(field.getType()));
          PublishBinding binding =
              NatsDirectives.publishBinding(
                  object.getName(), field.getName(), directive, defaults, arguments, location);
          check(BindingValidator.problem(List.of(binding.subject()), field, true));
          publishes.add(binding);
        }
        default -> {
          require(
              "subscription".equals(operation),
              true,
              "@natsSubscribe belongs on Subscription fields");
          SubscribeBinding binding =
              NatsDirectives.subscribeBinding(
                  object.getName(), field.getName(), directive, arguments, location);
          check(BindingValidator.problem(binding.subjects(), field, true));
          subscribes.add(binding);
        }
      }
    } catch (NatsDirectives.InvalidDirective invalid) {
      throw SchemaException.at(location, coordinate, invalid.getMessage());
    }
  }

  /** {@code PublishResult} or {@code PublishResult!}; a list of them is not a publish's answer. */
  private static boolean returnsPublishResult(Type<?> type) {
    Type<?> nullable = TypeUtil.isNonNull(type) ? TypeUtil.unwrapOne(type) : type;
    return nullable instanceof TypeName name && PUBLISH_RESULT.equals(name.getName());
  }

  private static void require(boolean condition, boolean expected, String reason)
      throws NatsDirectives.InvalidDirective {
    if (condition != expected) {
      throw new NatsDirectives.InvalidDirective(reason);
    }
  }

  private static void check(String problem) throws NatsDirectives.InvalidDirective {
    if (problem != null) {
      throw new NatsDirectives.InvalidDirective(problem);
    }
  }

  private static void rejectDirectivesOn(InterfaceTypeDefinition iface, List<String> problems) {
    for (FieldDefinition field : iface.getFieldDefinitions()) {
      for (String name : NatsDirectives.ALL) {
        if (!field.getDirectives(name).isEmpty()) {
          problems.add(
              SchemaException.problemAt(
                  SchemaFiles.location(field.getSourceLocation()),
                  iface.getName() + "." + field.getName(),
                  "@" + name + " belongs on the fields of object types, not interfaces"));
        }
      }
    }
  }

  /** Type definitions and their {@code extend type} extensions. */
  static List<TypeDefinition<?>> allTypes(TypeDefinitionRegistry registry) {
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
    registry
        .schemaDefinition()
        .ifPresentOrElse(
            schema ->
                schema
                    .getOperationTypeDefinitions()
                    .forEach(
                        (OperationTypeDefinition op) ->
                            roots.put(op.getTypeName().getName(), op.getName())),
            () -> {
              roots.put("Query", "query");
              roots.put("Mutation", "mutation");
              roots.put("Subscription", "subscription");
            });
    return roots;
  }
}
