package dev.switchboard.bridge.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.LimitsConfig;
import graphql.GraphQLError;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OperationLimitsTest {
  static final LimitsConfig DEFAULTS = new LimitsConfig(null, null, null, null, null, null);
  static final OperationLimits INTROSPECTION_OFF = new OperationLimits(DEFAULTS, false);
  static final OperationLimits INTROSPECTION_ON = new OperationLimits(DEFAULTS, true);

  static Stream<Arguments> overOneLimit() {
    return Stream.of(
        Arguments.of(
            new OperationMeasure(13, 0, 1, 13, 0, false),
            "The operation is 13 fields deep; the limit is 12 (limits.maxDepth)."),
        Arguments.of(
            new OperationMeasure(3, 800, 800, 4000, 5600, false),
            "The operation has 800 aliases; the limit is 30 (limits.maxAliases)."),
        Arguments.of(
            new OperationMeasure(1, 0, 21, 21, 0, false),
            "The operation has 21 root fields; the limit is 20 (limits.maxRootFields)."),
        Arguments.of(
            new OperationMeasure(3, 0, 1, 301, 0, false),
            "The operation has 301 fields; the limit is 300 (limits.maxFields)."),
        Arguments.of(
            new OperationMeasure(3, 0, 1, 3, 51, false),
            "The operation may make 51 NATS calls; the limit is 50 (limits.maxNatsCalls)."));
  }

  @ParameterizedTest
  @MethodSource("overOneLimit")
  void refusal_overALimit_isQueryTooComplex_namingValueLimitAndKey(
      OperationMeasure measure, String message) {
    GraphQLError refusal = INTROSPECTION_ON.refusal(measure).orElseThrow();

    assertEquals(message, refusal.getMessage());
    assertEquals("QUERY_TOO_COMPLEX", refusal.getExtensions().get("code"));
  }

  @Test
  void refusal_atEveryLimitExactly_isNone() {
    assertTrue(
        INTROSPECTION_OFF.refusal(new OperationMeasure(12, 30, 20, 300, 50, false)).isEmpty());
  }

  @Test
  void refusal_configuredLimits_replaceTheDefaults() {
    OperationLimits strict = new OperationLimits(new LimitsConfig(2, 0, 1, 5, 1, 10), false);

    assertEquals(
        "The operation may make 2 NATS calls; the limit is 1 (limits.maxNatsCalls).",
        strict.refusal(new OperationMeasure(2, 0, 1, 2, 2, false)).orElseThrow().getMessage());
  }

  @Test
  void refusal_introspectionWhereItIsOff_isAValidationError() {
    GraphQLError refusal =
        INTROSPECTION_OFF.refusal(new OperationMeasure(1, 0, 1, 1, 0, true)).orElseThrow();

    assertEquals("Introspection is disabled on this server.", refusal.getMessage());
    assertEquals("GRAPHQL_VALIDATION_FAILED", refusal.getExtensions().get("code"));
  }

  @Test
  void refusal_introspectionWhereItIsOn_isNone() {
    assertTrue(INTROSPECTION_ON.refusal(new OperationMeasure(1, 0, 1, 1, 0, true)).isEmpty());
  }
}
