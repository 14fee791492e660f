package dev.switchboard.bridge.telemetry;

import graphql.ExecutionResult;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import java.util.concurrent.CompletableFuture;

/**
 * Names and ends the span of a WebSocket operation: named once graphql-java has chosen the
 * operation, ended when its execution ends (for a subscription: once it is set up; each event then
 * has spans of its own). HTTP requests name their span in the handler, from the prepared document.
 * Wraps the bridge's result instrumentation instead of being chained to it: graphql-java's {@code
 * ChainedInstrumentation} would run per-field hooks on every request. Installed only when tracing
 * is on.
 */
final class OperationSpans extends SimplePerformantInstrumentation {
  private final Instrumentation results;

  OperationSpans(Instrumentation results) {
    this.results = results;
  }

  @Override
  public InstrumentationContext<ExecutionResult> beginExecution(
      InstrumentationExecutionParameters parameters, InstrumentationState state) {
    ServerSpan span = webSocketSpan(parameters.getGraphQLContext().get(ServerSpan.KEY));
    if (span == null) {
      return SimpleInstrumentationContext.noOp();
    }
    return SimpleInstrumentationContext.whenCompleted((result, failure) -> span.end());
  }

  @Override
  public InstrumentationContext<ExecutionResult> beginExecuteOperation(
      InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
    ServerSpan span =
        webSocketSpan(parameters.getExecutionContext().getGraphQLContext().get(ServerSpan.KEY));
    if (span != null) {
      span.name(parameters.getExecutionContext().getOperationDefinition());
    }
    return SimpleInstrumentationContext.noOp();
  }

  @Override
  public CompletableFuture<ExecutionResult> instrumentExecutionResult(
      ExecutionResult result,
      InstrumentationExecutionParameters parameters,
      InstrumentationState state) {
    return results.instrumentExecutionResult(result, parameters, state);
  }

  private static ServerSpan webSocketSpan(ServerSpan span) {
    return span != null && span.ends() == ServerSpan.Ends.WITH_EXECUTION ? span : null;
  }
}
