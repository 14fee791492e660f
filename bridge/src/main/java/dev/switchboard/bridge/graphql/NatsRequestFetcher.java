package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.CallPipeline;
import dev.switchboard.bridge.chain.NatsReply;
import dev.switchboard.bridge.chain.NatsRequest;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.bridge.schema.RequestBinding;
import dev.switchboard.bridge.support.Json;
import graphql.language.OperationDefinition.Operation;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Resolves a {@code @natsRequest} field: renders the subject (refusing unsafe values before
 * anything is sent), sends the arguments as JSON through the call pipeline within the operation's
 * NATS call budget, and completes with the decoded reply on the request's own event loop. Only
 * queries are retried. Outside mutations, a request identical to one already sent in the operation
 * (or subscription event) shares its reply instead of being sent again.
 */
public final class NatsRequestFetcher implements DataFetcher<CompletableFuture<Object>> {
  private final RequestBinding binding;
  private final CallPipeline pipeline;
  private final int maxNatsCalls;

  public NatsRequestFetcher(RequestBinding binding, CallPipeline pipeline, int maxNatsCalls) {
    this.binding = binding;
    this.pipeline = pipeline;
    this.maxNatsCalls = maxNatsCalls;
  }

  @Override
  public CompletableFuture<Object> get(DataFetchingEnvironment environment) {
    RequestContext request = environment.getGraphQlContext().get(RequestContext.KEY);
    String subject;
    try {
      subject = FieldSubjects.render(binding.subject(), environment, request);
    } catch (BridgeException unsafe) {
      return CompletableFuture.failedFuture(unsafe);
    }
    Operation operation = environment.getOperationDefinition().getOperation();
    CallContext call =
        FieldCallContexts.of(
            request,
            FieldCallContexts.Site.of(environment),
            binding.coordinate(),
            binding.connection(),
            CallContext.Action.REQUEST,
            false,
            binding.policy(),
            operation == Operation.QUERY,
            onFailure(environment));
    NatsRequest natsRequest = new NatsRequest(subject, Json.bytes(environment.getArguments()));
    OperationCalls calls = OperationCalls.of(environment, maxNatsCalls);
    CompletionStage<NatsReply> reply =
        operation == Operation.MUTATION
            ? calls.send(pipeline, call, natsRequest)
            : calls.sendShared(pipeline, call, natsRequest);
    return Replies.decodeOnRequestLoop(
        reply, environment.getFieldType(), binding.coordinate(), request);
  }

  /**
   * A mutation's own field is a command that is lost when it fails, so it is dead-lettered; a field
   * nested in its result only reads, like a query.
   */
  private static CallContext.OnFailure onFailure(DataFetchingEnvironment environment) {
    return environment.getParentType() == environment.getGraphQLSchema().getMutationType()
        ? CallContext.OnFailure.DEAD_LETTER
        : CallContext.OnFailure.REPORT;
  }
}
