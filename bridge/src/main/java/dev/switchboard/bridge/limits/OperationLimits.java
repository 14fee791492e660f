package dev.switchboard.bridge.limits;

import dev.switchboard.bridge.config.LimitsConfig;
import dev.switchboard.subjects.ErrorCode;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * Decides, from an operation's measure, whether it may run: introspection only where it is switched
 * on ({@code GRAPHQL_VALIDATION_FAILED}), and every measure within {@code limits.*} ({@code
 * QUERY_TOO_COMPLEX}, the message naming the measured value, the limit and its key).
 */
public final class OperationLimits {
  static final String INTROSPECTION_DISABLED = "Introspection is disabled on this server.";

  /** Checked in this order; the first one exceeded is reported. */
  private static final List<Limit> CHECKED =
      List.of(
          new Limit(
              "maxDepth", "is %d fields deep", OperationMeasure::depth, LimitsConfig::maxDepth),
          new Limit(
              "maxAliases", "has %d aliases", OperationMeasure::aliases, LimitsConfig::maxAliases),
          new Limit(
              "maxRootFields",
              "has %d root fields",
              OperationMeasure::rootFields,
              LimitsConfig::maxRootFields),
          new Limit(
              "maxFields", "has %d fields", OperationMeasure::fields, LimitsConfig::maxFields),
          new Limit(
              "maxNatsCalls",
              "may make %d NATS calls",
              OperationMeasure::natsCalls,
              LimitsConfig::maxNatsCalls));

  private final LimitsConfig limits;
  private final boolean introspectionEnabled;

  public OperationLimits(LimitsConfig limits, boolean introspectionEnabled) {
    this.limits = limits;
    this.introspectionEnabled = introspectionEnabled;
  }

  /** Why the operation must not run, or empty when it may. */
  public Optional<GraphQLError> refusal(OperationMeasure measure) {
    if (measure.introspection() && !introspectionEnabled) {
      return Optional.of(
          error(
              ErrorCode.GRAPHQL_VALIDATION_FAILED,
              ErrorType.ValidationError,
              INTROSPECTION_DISABLED));
    }
    for (Limit limit : CHECKED) {
      long value = limit.measure().applyAsLong(measure);
      int max = limit.configured().applyAsInt(limits);
      if (value > max) {
        // e.g. "The operation has 800 aliases; the limit is 30 (limits.maxAliases)."
        return Optional.of(
            error(
                ErrorCode.QUERY_TOO_COMPLEX,
                ErrorType.ExecutionAborted,
                "The operation "
                    + limit.measured().formatted(value)
                    + "; the limit is "
                    + max
                    + " (limits."
                    + limit.key()
                    + ")."));
      }
    }
    return Optional.empty();
  }

  private static GraphQLError error(ErrorCode code, ErrorType type, String message) {
    return GraphqlErrorBuilder.newError()
        .message("%s", message)
        .errorType(type)
        .extensions(Map.of("code", code.name()))
        .build();
  }

  /**
   * One limit: its key under {@code limits.}, how the message states the measured value, where the
   * measure keeps it and where the configuration does.
   */
  private record Limit(
      String key,
      String measured,
      ToLongFunction<OperationMeasure> measure,
      ToIntFunction<LimitsConfig> configured) {}
}
