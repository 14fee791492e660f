package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.CallPipeline;
import dev.switchboard.bridge.chain.Failures;
import dev.switchboard.bridge.chain.NatsRequest;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.bridge.schema.RequestBinding;
import dev.switchboard.bridge.support.Json;
import dev.switchboard.subjects.ErrorCode;
import dev.switchboard.subjects.RenderException;
import graphql.language.OperationDefinition;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLOutputType;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves a {@code @natsRequest} field: renders the subject (refusing unsafe values before anything
 * is sent), sends the arguments as JSON through the call pipeline, and completes with the decoded
 * reply on the request's own event loop.
 */
public final class NatsRequestFetcher implements DataFetcher<CompletableFuture<Object>> {
  private final RequestBinding binding;
  private final CallPipeline pipeline;

  public NatsRequestFetcher(RequestBinding binding, CallPipeline pipeline) {
    this.binding = binding;
    this.pipeline = pipeline;
  }

  @Override
  public CompletableFuture<Object> get(DataFetchingEnvironment environment) {
    RequestContext request = environment.getGraphQlContext().get(RequestContext.KEY);
    String subject;
    try {
      subject = binding.subject().render(p -> PlaceholderValues.lookup(p, environment, request));
    } catch (RenderException unsafe) {
      return CompletableFuture.failedFuture(new BridgeException(ErrorCode.BAD_USER_INPUT, unsafe.getMessage(),
          Map.of("placeholder", unsafe.placeholder().expression()), null, null));
    }
    OperationDefinition operation = environment.getOperationDefinition();
    CallContext call = new CallContext(request.correlationId(), operation.getName(),
        environment.getExecutionStepInfo().getPath().toString().substring(1), binding.coordinate(),
        request.trace(), request.traceState(), request.caller(), CallContext.Action.REQUEST, binding.policy(),
        operation.getOperation() == OperationDefinition.Operation.QUERY);
    GraphQLOutputType type = environment.getFieldType();
    CompletableFuture<Object> value = new CompletableFuture<>();
    pipeline.execute(call, new NatsRequest(subject, Json.bytes(environment.getArguments())))
        .whenComplete((reply, error) -> request.resultExecutor().execute(() -> {
          if (error != null) {
            value.completeExceptionally(Failures.unwrap(error));
            return;
          }
          try {
            value.complete(Replies.decode(reply.body(), type, binding.coordinate()));
          } catch (BridgeException badReply) {
            value.completeExceptionally(badReply);
          }
        }));
    return value;
  }
}
