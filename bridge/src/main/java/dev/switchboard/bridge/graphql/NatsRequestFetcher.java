package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.CallPipeline;
import dev.switchboard.bridge.chain.NatsRequest;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.bridge.schema.RequestBinding;
import dev.switchboard.bridge.support.Json;
import graphql.language.OperationDefinition;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves a {@code @natsRequest} field: renders the subject (refusing unsafe values before
 * anything is sent), sends the arguments as JSON through the call pipeline, and completes with the
 * decoded reply on the request's own event loop. Only queries are retried.
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
      subject = FieldCalls.render(binding.subject(), environment, request);
    } catch (BridgeException unsafe) {
      return CompletableFuture.failedFuture(unsafe);
    }
    boolean query =
        environment.getOperationDefinition().getOperation() == OperationDefinition.Operation.QUERY;
    CallContext call =
        FieldCalls.call(
            request,
            environment,
            binding.coordinate(),
            CallContext.Action.REQUEST,
            false,
            binding.policy(),
            query);
    return FieldCalls.execute(
        pipeline,
        call,
        new NatsRequest(subject, Json.bytes(environment.getArguments())),
        environment,
        request);
  }
}
