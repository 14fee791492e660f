package dev.switchboard.bridge.schema;

import graphql.language.Directive;
import graphql.language.FieldDefinition;
import graphql.language.ImplementingTypeDefinition;
import graphql.language.IntValue;
import graphql.language.Type;
import graphql.language.TypeDefinition;
import graphql.schema.GraphQLAppliedDirective;
import graphql.schema.GraphQLAppliedDirectiveArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.TypeUtil;
import java.math.BigInteger;
import java.util.List;

/**
 * {@code @listSize(assumedSize: Int!)}: how many items a list field usually holds, so the NATS call
 * estimate of an operation can multiply what is selected below it (the name and argument of the
 * GraphQL cost directive spec, so an SDL that already uses it keeps working). Bridge-only: hidden
 * from the client schema.
 */
public final class ListSizeDirective {
  public static final String NAME = "listSize";
  private static final String ASSUMED_SIZE = "assumedSize";

  static final String DEFINITION =
      """
      "How many items the list usually holds; the NATS call estimate multiplies the fields below it by this."
      directive @listSize(
        "Items assumed when estimating an operation's NATS calls (default: limits.listSize)."
        assumedSize: Int!
      ) on FIELD_DEFINITION
      """;

  private ListSizeDirective() {}

  /** The field's {@code assumedSize}, or null when it has no hint. */
  public static Integer assumedSize(GraphQLFieldDefinition field) {
    GraphQLAppliedDirective hint = field.getAppliedDirective(NAME);
    GraphQLAppliedDirectiveArgument size = hint == null ? null : hint.getArgument(ASSUMED_SIZE);
    return size != null && size.getValue() instanceof Integer items ? items : null;
  }

  /**
   * Refuses a hint on a field that is not a list, and a size below 1, naming the field.
   *
   * @param problems where each refusal is added
   */
  static void validate(TypeDefinitionRegistry registry, List<String> problems) {
    for (TypeDefinition<?> type : BindingScanner.allTypes(registry)) {
      if (type instanceof ImplementingTypeDefinition<?> fields) {
        for (FieldDefinition field : fields.getFieldDefinitions()) {
          for (Directive hint : field.getDirectives(NAME)) {
            String problem = problem(field, hint);
            if (problem != null) {
              problems.add(
                  SchemaException.problemAt(
                      SchemaFiles.location(field.getSourceLocation()),
                      type.getName() + "." + field.getName(),
                      problem));
            }
          }
        }
      }
    }
  }

  private static String problem(FieldDefinition field, Directive hint) {
    Type<?> type = field.getType();
    if (!TypeUtil.isList(TypeUtil.isNonNull(type) ? TypeUtil.unwrapOne(type) : type)) {
      return "@listSize belongs on list fields, not " + TypeUtil.simplePrint(field.getType());
    }
    if (hint.getArgument(ASSUMED_SIZE) != null
        && hint.getArgument(ASSUMED_SIZE).getValue() instanceof IntValue size
        && size.getValue().compareTo(BigInteger.ONE) < 0) {
      return "@listSize(assumedSize:) must be at least 1, not " + size.getValue();
    }
    return null;
  }
}
