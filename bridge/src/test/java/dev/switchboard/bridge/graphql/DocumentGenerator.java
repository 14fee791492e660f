package dev.switchboard.bridge.graphql;

import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Random GraphQL documents over a schema: random selections with aliases, inline and named
 * fragments, {@code @skip}/{@code @include} with literals and variables, {@code __typename}, and
 * type conditions on every possible type of interfaces and unions. Arguments are fixed per field,
 * so repeated fields merge; a document that still fails validation is skipped by the caller.
 */
final class DocumentGenerator {
  record Generated(String query, Map<String, Object> variables) {}

  private static final int MAX_DEPTH = 4;

  private final GraphQLSchema schema;
  private final Random random;
  private final List<String> fragments = new ArrayList<>();
  private final Map<String, Object> variables = new LinkedHashMap<>();
  private int names;

  DocumentGenerator(GraphQLSchema schema, Random random) {
    this.schema = schema;
    this.random = random;
  }

  Generated next() {
    fragments.clear();
    variables.clear();
    names = 0;
    boolean mutation = schema.getMutationType() != null && random.nextInt(5) == 0;
    GraphQLObjectType root = mutation ? schema.getMutationType() : schema.getQueryType();
    String selection = selectionSet(root, 0);
    String declared =
        variables.isEmpty()
            ? ""
            : variables.keySet().stream()
                .map(name -> "$" + name + ": Boolean!")
                .collect(Collectors.joining(", ", "(", ")"));
    String query =
        (mutation ? "mutation M" : "query Q")
            + declared
            + " "
            + selection
            + String.join("", fragments);
    return new Generated(query, Map.copyOf(variables));
  }

  private String selectionSet(GraphQLCompositeType type, int depth) {
    StringBuilder out = new StringBuilder("{ ");
    int count = 1 + random.nextInt(depth == 0 ? 3 : 4);
    for (int i = 0; i < count; i++) {
      out.append(selection(type, depth)).append(' ');
    }
    return out.append('}').toString();
  }

  private String selection(GraphQLCompositeType type, int depth) {
    int roll = random.nextInt(100);
    List<GraphQLObjectType> possible = possibleTypes(type);
    if (depth > 0 && roll < 8) {
      return "__typename" + directives();
    }
    if (roll < 20 || (!(type instanceof GraphQLFieldsContainer) && roll < 60)) {
      GraphQLNamedType on = random.nextInt(4) == 0 ? type : pick(possible);
      return "... on " + on.getName() + directives() + " " + selectionSet(composite(on), depth);
    }
    if (roll < 28 || !(type instanceof GraphQLFieldsContainer fields)) {
      GraphQLNamedType on = random.nextBoolean() ? type : pick(possible);
      String name = "F" + names++;
      fragments.add(
          " fragment " + name + " on " + on.getName() + " " + selectionSet(composite(on), depth));
      return "..." + name + directives();
    }
    return field(pick(fields.getFieldDefinitions()), depth);
  }

  private String field(GraphQLFieldDefinition field, int depth) {
    String alias = random.nextInt(4) == 0 ? "a" + names++ + ": " : "";
    String text = alias + field.getName() + arguments(field) + directives();
    GraphQLType unwrapped = GraphQLTypeUtil.unwrapAll(field.getType());
    if (!(unwrapped instanceof GraphQLCompositeType composite)) {
      return text;
    }
    return text
        + " "
        + (depth >= MAX_DEPTH ? "{ __typename }" : selectionSet(composite, depth + 1));
  }

  private String directives() {
    int roll = random.nextInt(100);
    if (roll >= 20) {
      return "";
    }
    String name = roll < 10 ? "skip" : "include";
    String condition;
    if (roll % 3 == 0) {
      condition = String.valueOf(random.nextBoolean());
    } else {
      String variable = "v" + random.nextInt(4);
      variables.computeIfAbsent(variable, unused -> random.nextBoolean());
      condition = "$" + variable;
    }
    return " @" + name + "(if: " + condition + ")";
  }

  /** Required arguments only, with one fixed value per type so repeated fields merge. */
  private static String arguments(GraphQLFieldDefinition field) {
    String given =
        field.getArguments().stream()
            .filter(argument -> GraphQLTypeUtil.isNonNull(argument.getType()))
            .map(argument -> argument.getName() + ": " + literal(argument.getType()))
            .collect(Collectors.joining(", "));
    return given.isEmpty() ? "" : "(" + given + ")";
  }

  private static String literal(GraphQLInputType type) {
    GraphQLType unwrapped = GraphQLTypeUtil.unwrapNonNull(type);
    if (unwrapped instanceof GraphQLList list) {
      return "[" + literal((GraphQLInputType) list.getWrappedType()) + "]";
    }
    if (unwrapped instanceof GraphQLEnumType enumType) {
      return enumType.getValues().get(0).getName();
    }
    if (unwrapped instanceof GraphQLInputObjectType object) {
      return object.getFields().stream()
          .filter(field -> GraphQLTypeUtil.isNonNull(field.getType()))
          .map(DocumentGenerator::inputField)
          .collect(Collectors.joining(", ", "{", "}"));
    }
    return switch (((GraphQLNamedType) unwrapped).getName()) {
      case "Int" -> "1";
      case "Float" -> "1.5";
      case "Boolean" -> "true";
      default -> "\"1\"";
    };
  }

  private static String inputField(GraphQLInputObjectField field) {
    return field.getName() + ": " + literal(field.getType());
  }

  private List<GraphQLObjectType> possibleTypes(GraphQLCompositeType type) {
    if (type instanceof GraphQLObjectType object) {
      return List.of(object);
    }
    if (type instanceof GraphQLInterfaceType abstractType) {
      return schema.getImplementations(abstractType);
    }
    return ((GraphQLUnionType) type)
        .getTypes().stream().map(GraphQLObjectType.class::cast).toList();
  }

  private static GraphQLCompositeType composite(GraphQLNamedType type) {
    return (GraphQLCompositeType) type;
  }

  private <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }
}
