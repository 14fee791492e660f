package dev.switchboard.bridge.schema;

import dev.switchboard.bridge.graphql.FieldGuard;
import graphql.language.ArrayValue;
import graphql.language.Directive;
import graphql.language.DirectivesContainer;
import graphql.language.FieldDefinition;
import graphql.language.StringValue;
import graphql.language.TypeDefinition;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.TypeInfo;
import java.util.ArrayList;
import java.util.List;

/** Apollo-style access directives: {@code @authenticated} and {@code @requiresScopes}. */
final class GuardDirectives {
  static final String AUTHENTICATED = "authenticated";
  static final String REQUIRES_SCOPES = "requiresScopes";

  static final String DEFINITIONS = """
      "Only signed-in callers may see the field, or any field returning the type (else UNAUTHENTICATED)."
      directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
      "The caller needs every scope of at least one inner list (else FORBIDDEN)."
      directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
      """;

  private GuardDirectives() {}

  /** The guard of a field: its own directives plus those on the type it returns. */
  static FieldGuard guardOf(FieldDefinition field, TypeDefinitionRegistry registry) {
    FieldGuard guard = guardOn(field);
    TypeName returned = TypeInfo.typeInfo(field.getType()).getTypeName();
    TypeDefinition<?> type = registry.getType(returned.getName()).orElse(null);
    if (type != null) {
      guard = guard.and(guardOn(type));
    }
    return guard;
  }

  private static FieldGuard guardOn(DirectivesContainer<?> element) {
    boolean authenticated = element.hasDirective(AUTHENTICATED);
    List<List<List<String>>> scopes = new ArrayList<>();
    for (Directive directive : element.getDirectives(REQUIRES_SCOPES)) {
      scopes.add(orOfAnds(directive.getArgument("scopes") == null ? null : directive.getArgument("scopes").getValue()));
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
