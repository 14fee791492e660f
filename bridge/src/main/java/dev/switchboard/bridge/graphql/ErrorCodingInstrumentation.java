package dev.switchboard.bridge.graphql;

import graphql.ExecutionResult;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import java.util.concurrent.CompletableFuture;

/**
 * Gives every error of every result a code and the correlation id, whatever the transport (HTTP,
 * WebSocket, SSE) and including each subscription event. A subclass of graphql-java's performant
 * instrumentation, so no per-field hooks run.
 */
final class ErrorCodingInstrumentation extends SimplePerformantInstrumentation {
  @Override
  public CompletableFuture<ExecutionResult> instrumentExecutionResult(
      ExecutionResult result,
      InstrumentationExecutionParameters parameters,
      InstrumentationState state) {
    if (result.getErrors().isEmpty()) {
      return CompletableFuture.completedFuture(result);
    }
    RequestContext request = parameters.getGraphQLContext().get(RequestContext.KEY);
    if (request == null) {
      return CompletableFuture.completedFuture(result);
    }
    return CompletableFuture.completedFuture(
        result.transform(
            builder -> builder.errors(ErrorRenderer.resultErrors(result.getErrors(), request))));
  }
}
