package dev.switchboard.bridge.telemetry;

import graphql.ExecutionResult;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;

/**
 * Names a request's server span after the operation once graphql-java has chosen it, and ends the
 * span of a WebSocket operation when its execution ends (for a subscription: once it is set up;
 * each event then has spans of its own). Installed only when tracing is on.
 */
final class OperationSpans extends SimplePerformantInstrumentation {

  @Override
  public InstrumentationContext<ExecutionResult> beginExecution(
      InstrumentationExecutionParameters parameters, InstrumentationState state) {
    ServerSpan span = parameters.getGraphQLContext().get(ServerSpan.KEY);
    if (span == null || span.ends() != ServerSpan.Ends.WITH_EXECUTION) {
      return SimpleInstrumentationContext.noOp();
    }
    return SimpleInstrumentationContext.whenCompleted((result, failure) -> span.end());
  }

  @Override
  public InstrumentationContext<ExecutionResult> beginExecuteOperation(
      InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
    ServerSpan span = parameters.getExecutionContext().getGraphQLContext().get(ServerSpan.KEY);
    if (span != null) {
      span.name(parameters.getExecutionContext().getOperationDefinition());
    }
    return SimpleInstrumentationContext.noOp();
  }
}
