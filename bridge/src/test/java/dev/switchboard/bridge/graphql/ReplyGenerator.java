package dev.switchboard.bridge.graphql;

import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLUnionType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random service replies for a GraphQL type: mostly right, and at the given fault rate {@code
 * null}, wrongly typed (a string where an Int is, an object where a list is, a number too big for
 * Int, an unknown enum value or type name) or missing fields.
 */
final class ReplyGenerator {
  private static final int MAX_DEPTH = 6;

  private final GraphQLSchema schema;
  private final Random random;
  private final double faults;

  ReplyGenerator(GraphQLSchema schema, Random random, double faults) {
    this.schema = schema;
    this.random = random;
    this.faults = faults;
  }

  Object reply(GraphQLType type) {
    return value(type, 0);
  }

  private boolean fault() {
    return random.nextDouble() < faults;
  }

  private Object value(GraphQLType type, int depth) {
    if (type instanceof GraphQLNonNull nonNull) {
      return fault() && random.nextBoolean() ? null : value(nonNull.getWrappedType(), depth);
    }
    if (fault() && random.nextBoolean()) {
      return null;
    }
    if (depth > MAX_DEPTH) {
      return null;
    }
    if (type instanceof GraphQLList list) {
      if (fault()) {
        return wrong();
      }
      List<Object> items = new ArrayList<>();
      int size = random.nextInt(4);
      for (int i = 0; i < size; i++) {
        items.add(value(list.getWrappedType(), depth + 1));
      }
      return items;
    }
    if (type instanceof GraphQLScalarType scalar) {
      return fault() ? wrong() : scalar(scalar.getName());
    }
    if (type instanceof GraphQLEnumType enumType) {
      if (fault()) {
        return random.nextBoolean() ? "NOT_A_VALUE" : wrong();
      }
      return enumType.getValues().get(random.nextInt(enumType.getValues().size())).getName();
    }
    if (fault()) {
      return random.nextBoolean() ? List.of(Map.of()) : "not an object";
    }
    if (type instanceof GraphQLObjectType object) {
      return object(object, depth);
    }
    List<GraphQLObjectType> possible =
        type instanceof GraphQLInterfaceType abstractType
            ? schema.getImplementations(abstractType)
            : ((GraphQLUnionType) type)
                .getTypes().stream().map(GraphQLObjectType.class::cast).toList();
    GraphQLObjectType chosen = possible.get(random.nextInt(possible.size()));
    Map<String, Object> reply = object(chosen, depth);
    if (fault()) {
      int roll = random.nextInt(3);
      if (roll == 0) {
        reply.remove("__typename");
      } else {
        reply.put("__typename", roll == 1 ? "Nope" : schema.getQueryType().getName());
      }
    }
    return reply;
  }

  private Map<String, Object> object(GraphQLObjectType type, int depth) {
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("__typename", type.getName());
    for (GraphQLFieldDefinition field : type.getFieldDefinitions()) {
      if (!fault()) {
        reply.put(field.getName(), value(field.getType(), depth + 1));
      }
    }
    return reply;
  }

  private Object scalar(String name) {
    return switch (name) {
      case "Int" -> random.nextInt(2000) - 1000;
      case "Float" -> random.nextBoolean() ? random.nextInt(100) : random.nextDouble() * 100;
      case "Boolean" -> random.nextBoolean();
      case "ID" -> random.nextBoolean() ? "id-" + random.nextInt(100) : random.nextInt(100);
      case "String" -> "text-" + random.nextInt(100);
      default -> custom();
    };
  }

  /** Custom scalars carry any JSON through. */
  private Object custom() {
    return switch (random.nextInt(4)) {
      case 0 -> "2026-12-01T10:00:00Z";
      case 1 -> random.nextInt(1000);
      case 2 -> Map.of("nested", List.of(1, "two", true));
      default -> List.of("a", 2);
    };
  }

  private Object wrong() {
    return switch (random.nextInt(9)) {
      case 0 -> "abc";
      case 1 -> "12";
      case 2 -> 1.5;
      case 3 -> 3_000_000_000L;
      case 4 -> true;
      case 5 -> Map.of("an", "object");
      case 6 -> List.of(1, 2);
      case 7 -> "true";
      default -> random.nextInt(10);
    };
  }
}
