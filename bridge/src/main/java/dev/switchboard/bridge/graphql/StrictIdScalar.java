package dev.switchboard.bridge.graphql;

import graphql.GraphQLContext;
import graphql.Scalars;
import graphql.execution.CoercedVariables;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseValueException;
import graphql.schema.GraphQLScalarType;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in {@code ID}, held to the GraphQL spec on input: a variable value must be a string or
 * an integer. graphql-java's own {@code ID} turns any other variable value into text with {@code
 * String.valueOf}, so {@code {"id": {"a": "b"}}} became the string {@code "{a=b}"} and slipped past
 * the one-token rule as if the client had typed it. Output and literals are graphql-java's.
 */
public final class StrictIdScalar implements Coercing<Object, Object> {
  /** Replaces the built-in {@code ID} when wired under the same name. */
  public static final GraphQLScalarType ID =
      GraphQLScalarType.newScalar(Scalars.GraphQLID).coercing(new StrictIdScalar()).build();

  @SuppressWarnings("unchecked")
  private static final Coercing<Object, Object> BUILT_IN =
      (Coercing<Object, Object>) Scalars.GraphQLID.getCoercing();

  private StrictIdScalar() {}

  @Override
  public Object serialize(Object result, GraphQLContext context, Locale locale) {
    return BUILT_IN.serialize(result, context, locale);
  }

  @Override
  public Object parseValue(Object input, GraphQLContext context, Locale locale) {
    if (input instanceof String
        || input instanceof Integer
        || input instanceof Long
        || input instanceof BigInteger) {
      return BUILT_IN.parseValue(input, context, locale);
    }
    throw new CoercingParseValueException(
        "An ID must be a string or an integer, not " + describe(input) + ".");
  }

  @Override
  public Object parseLiteral(
      Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
    return BUILT_IN.parseLiteral(input, variables, context, locale);
  }

  @Override
  public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
    return BUILT_IN.valueToLiteral(input, context, locale);
  }

  private static String describe(Object input) {
    if (input instanceof Map<?, ?>) {
      return "an object";
    }
    if (input instanceof Collection<?> || (input != null && input.getClass().isArray())) {
      return "a list";
    }
    if (input instanceof Boolean) {
      return "a boolean";
    }
    if (input instanceof Number) {
      return "a float";
    }
    return "a " + (input == null ? "null" : input.getClass().getSimpleName());
  }
}
