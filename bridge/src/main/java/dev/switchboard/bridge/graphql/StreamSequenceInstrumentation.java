package dev.switchboard.bridge.graphql;

import graphql.ExecutionResult;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;

/**
 * For a stream subscription, wraps its results so each carries the stream sequence of its event
 * ({@link StreamPositions}), whatever the transport writes them (WebSocket, SSE).
 */
final class StreamSequenceInstrumentation extends SimplePerformantInstrumentation {
  @Override
  @SuppressWarnings("unchecked")
  public CompletableFuture<ExecutionResult> instrumentExecutionResult(
      ExecutionResult result,
      InstrumentationExecutionParameters parameters,
      InstrumentationState state) {
    StreamPositions positions = parameters.getGraphQLContext().get(StreamPositions.KEY);
    if (positions == null || !(result.getData() instanceof Publisher<?> events)) {
      return CompletableFuture.completedFuture(result);
    }
    Publisher<ExecutionResult> sequenced = positions.sequenced((Publisher<ExecutionResult>) events);
    return CompletableFuture.completedFuture(result.transform(builder -> builder.data(sequenced)));
  }
}
