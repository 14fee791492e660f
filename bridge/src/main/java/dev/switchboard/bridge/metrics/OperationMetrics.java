package dev.switchboard.bridge.metrics;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.language.OperationDefinition;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * GraphQL operations as graphql-java runs them, whatever the transport: {@code
 * switchboard_graphql_operations_seconds} (a histogram by operation type and bounded name; from the
 * start of execution to its result, document lookup included; a subscription's ends when its stream
 * is set up) and the codes of the errors in every result, each subscription event's included.
 * Placed after the instrumentation that codes the errors. A document refused before it runs has no
 * operation and records no latency; its errors are counted.
 */
public final class OperationMetrics extends SimplePerformantInstrumentation {
  /**
   * The type tag of each operation type, made once: lower-casing per request made a new string
   * whose hash the timer lookup then computed again.
   */
  private static final Map<OperationDefinition.Operation, String> TYPE_TAGS = typeTags();

  private final MeterRegistry registry;
  private final ErrorMetrics errors;
  private final OperationNames names = new OperationNames();
  // bounded: three types times the bounded names
  private final Map<OperationKey, Timer> timers = new ConcurrentHashMap<>();

  public OperationMetrics(MeterRegistry registry, ErrorMetrics errors) {
    this.registry = registry;
    this.errors = errors;
  }

  @Override
  public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
    return new Execution(System.nanoTime());
  }

  @Override
  public InstrumentationContext<ExecutionResult> beginExecuteOperation(
      InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
    OperationDefinition operation = parameters.getExecutionContext().getOperationDefinition();
    ((Execution) state).key =
        new OperationKey(TYPE_TAGS.get(operation.getOperation()), names.tagOf(operation.getName()));
    return SimpleInstrumentationContext.noOp();
  }

  @Override
  public InstrumentationContext<ExecutionResult> beginExecution(
      InstrumentationExecutionParameters parameters, InstrumentationState state) {
    Execution execution = (Execution) state;
    return SimpleInstrumentationContext.whenCompleted(
        (result, failure) -> {
          if (execution.key != null) {
            timers
                .computeIfAbsent(execution.key, this::register)
                .record(System.nanoTime() - execution.started, TimeUnit.NANOSECONDS);
          }
        });
  }

  @Override
  public CompletableFuture<ExecutionResult> instrumentExecutionResult(
      ExecutionResult result,
      InstrumentationExecutionParameters parameters,
      InstrumentationState state) {
    for (GraphQLError error : result.getErrors()) {
      Map<String, Object> extensions = error.getExtensions();
      errors.countNamed(extensions != null ? extensions.get("code") : null, error.getMessage());
    }
    return CompletableFuture.completedFuture(result);
  }

  private Timer register(OperationKey key) {
    return Timer.builder("switchboard.graphql.operations")
        .description("GraphQL operations executed, by type and (bounded) name")
        .serviceLevelObjectives(LatencyBuckets.bounds())
        .tag("type", key.type())
        .tag("name", key.name())
        .register(registry);
  }

  private static Map<OperationDefinition.Operation, String> typeTags() {
    Map<OperationDefinition.Operation, String> tags =
        new EnumMap<>(OperationDefinition.Operation.class);
    for (OperationDefinition.Operation type : OperationDefinition.Operation.values()) {
      tags.put(type, type.name().toLowerCase(Locale.ROOT));
    }
    return tags;
  }

  private record OperationKey(String type, String name) {}

  /** One execution: when it started and, once known, which operation it runs. */
  private static final class Execution implements InstrumentationState {
    private final long started;
    private volatile OperationKey key;

    Execution(long started) {
      this.started = started;
    }
  }
}
