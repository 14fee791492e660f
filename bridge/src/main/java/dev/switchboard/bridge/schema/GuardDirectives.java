package dev.switchboard.bridge.schema;

import dev.switchboard.bridge.graphql.FieldGuard;
import graphql.language.ArrayValue;
import graphql.language.Directive;
import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.StringValue;
import graphql.language.TypeDefinition;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.TypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Apollo-style access directives: {@code @authenticated} and {@code @requiresScopes}. */
final class GuardDirectives {
  static final String AUTHENTICATED = "authenticated";
  static final String REQUIRES_SCOPES = "requiresScopes";

  static final String DEFINITIONS =
      """
      "Only signed-in callers may see the field, or any field returning the type (else UNAUTHENTICATED)."
      directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
      "The caller needs every scope of at least one inner list (else FORBIDDEN)."
      directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
      """;

  private GuardDirectives() {}

  /**
   * The guard of a field: its own directives, those of the type it returns, and those of the type
   * declaring it (and that type's interfaces). The last part matters when a guarded type is reached
   * through an interface or a union: its fields stay guarded.
   */
  static FieldGuard guardOf(
      ObjectTypeDefinition declaringType, FieldDefinition field, TypeDefinitionRegistry registry) {
    FieldGuard guard = guardOn(field.getDirectives());
    TypeName returned = TypeInfo.typeInfo(field.getType()).getTypeName();
    guard = guard.and(guardOfType(returned.getName(), registry));
    guard = guard.and(guardOfType(declaringType.getName(), registry));
    for (graphql.language.Type<?> implemented : declaringType.getImplements()) {
      guard =
          guard.and(guardOfType(TypeInfo.typeInfo(implemented).getTypeName().getName(), registry));
    }
    return guard;
  }

  /** A type's guard, from its definition and every {@code extend type} of it. */
  private static FieldGuard guardOfType(String name, TypeDefinitionRegistry registry) {
    List<Directive> directives = new ArrayList<>();
    registry.getType(name).ifPresent(type -> directives.addAll(type.getDirectives()));
    addExtensionDirectives(registry.objectTypeExtensions(), name, directives);
    addExtensionDirectives(registry.interfaceTypeExtensions(), name, directives);
    addExtensionDirectives(registry.unionTypeExtensions(), name, directives);
    addExtensionDirectives(registry.scalarTypeExtensions(), name, directives);
    addExtensionDirectives(registry.enumTypeExtensions(), name, directives);
    return guardOn(directives);
  }

  private static <T extends TypeDefinition<?>> void addExtensionDirectives(
      Map<String, List<T>> extensions, String name, List<Directive> into) {
    for (T extension : extensions.getOrDefault(name, List.of())) {
      into.addAll(extension.getDirectives());
    }
  }

  private static FieldGuard guardOn(List<Directive> directives) {
    boolean authenticated = false;
    List<List<List<String>>> scopes = new ArrayList<>();
    for (Directive directive : directives) {
      if (directive.getName().equals(AUTHENTICATED)) {
        authenticated = true;
      } else if (directive.getName().equals(REQUIRES_SCOPES)) {
        scopes.add(
            orOfAnds(
                directive.getArgument("scopes") == null
                    ? null
                    : directive.getArgument("scopes").getValue()));
      }
    }
    return new FieldGuard(authenticated, scopes);
  }

  private static List<List<String>> orOfAnds(Value<?> value) {
    List<List<String>> options = new ArrayList<>();
    if (value instanceof ArrayValue outer) {
      for (Value<?> inner : outer.getValues()) {
        List<String> all = new ArrayList<>();
        if (inner instanceof ArrayValue list) {
          list.getValues().forEach(scope -> all.add(((StringValue) scope).getValue()));
        }
        options.add(all);
      }
    }
    return options;
  }
}
