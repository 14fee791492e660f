package dev.switchboard.bridge.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.GraphQLScalarType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Custom scalars declared in the SDL ({@code scalar DateTime}) carry JSON values through unchanged:
 * the services own their format, the bridge only moves them.
 */
public final class PassthroughScalar implements Coercing<Object, Object> {
  private static final PassthroughScalar COERCING = new PassthroughScalar();

  public static GraphQLScalarType named(String name, String description) {
    return GraphQLScalarType.newScalar()
        .name(name)
        .description(description)
        .coercing(COERCING)
        .build();
  }

  @Override
  public Object serialize(Object result, GraphQLContext context, Locale locale) {
    return result;
  }

  @Override
  public Object parseValue(Object input, GraphQLContext context, Locale locale) {
    return input;
  }

  @Override
  public Object parseLiteral(
      Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
    return literal(input, variables);
  }

  private static Object literal(Value<?> input, CoercedVariables variables) {
    if (input instanceof StringValue text) {
      return text.getValue();
    }
    if (input instanceof IntValue number) {
      return number.getValue();
    }
    if (input instanceof FloatValue number) {
      return number.getValue();
    }
    if (input instanceof BooleanValue bool) {
      return bool.isValue();
    }
    if (input instanceof EnumValue name) {
      return name.getName();
    }
    if (input instanceof VariableReference reference) {
      return variables.get(reference.getName());
    }
    if (input instanceof ArrayValue array) {
      List<Object> items = new ArrayList<>();
      array.getValues().forEach(item -> items.add(literal(item, variables)));
      return items;
    }
    if (input instanceof ObjectValue object) {
      Map<String, Object> fields = new LinkedHashMap<>();
      for (ObjectField field : object.getObjectFields()) {
        fields.put(field.getName(), literal(field.getValue(), variables));
      }
      return fields;
    }
    return null;
  }
}
