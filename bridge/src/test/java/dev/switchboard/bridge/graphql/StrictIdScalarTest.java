package dev.switchboard.bridge.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import graphql.GraphQLContext;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseValueException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The spec's input coercion for ID variables: a string or an integer, nothing else. */
class StrictIdScalarTest {
  private static final Coercing<?, ?> ID = StrictIdScalar.ID.getCoercing();

  private static Object parse(Object input) {
    return ID.parseValue(input, GraphQLContext.getDefault(), Locale.ROOT);
  }

  @Test
  void parseValue_stringsAndIntegers_becomeText() {
    assertEquals("ORD-1", parse("ORD-1"));
    assertEquals("42", parse(42));
    assertEquals("9000000000", parse(9_000_000_000L));
    assertEquals(
        "123456789012345678901234567890", parse(new BigInteger("123456789012345678901234567890")));
  }

  static Stream<Arguments> notAnId() {
    return Stream.of(
        Arguments.of(Map.of("a", "b"), "An ID must be a string or an integer, not an object."),
        Arguments.of(List.of(1), "An ID must be a string or an integer, not a list."),
        Arguments.of(List.of(), "An ID must be a string or an integer, not a list."),
        Arguments.of(true, "An ID must be a string or an integer, not a boolean."),
        Arguments.of(1.5d, "An ID must be a string or an integer, not a float."));
  }

  @ParameterizedTest
  @MethodSource("notAnId")
  void parseValue_anythingElse_isRefusedWithAPlainReason(Object input, String message) {
    CoercingParseValueException refused =
        assertThrows(CoercingParseValueException.class, () -> parse(input));

    assertEquals(message, refused.getMessage());
  }

  @Test
  void theScalar_keepsTheBuiltInName() {
    assertEquals("ID", StrictIdScalar.ID.getName());
  }
}
