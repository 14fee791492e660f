package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.CallPipeline;
import dev.switchboard.bridge.chain.NatsReply;
import dev.switchboard.bridge.chain.NatsRequest;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.bridge.schema.RequestBinding;
import dev.switchboard.bridge.support.Json;
import graphql.execution.ExecutionContext;
import graphql.execution.ResultPath;
import graphql.language.OperationDefinition.Operation;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderOptions;
import org.dataloader.Try;

/**
 * Resolves a {@code @natsRequest(batchKey: ...)} field: each parent renders its key and joins the
 * loader of its rendered subject; graphql-java dispatches the loaders once per execution level, and
 * each batch of up to {@code maxBatch} distinct keys is ONE call through the pipeline (one call of
 * the budget, one audit record) with the body {@code {"keys": [...]}}. A parent without a key is
 * null and sends nothing.
 */
public final class BatchedRequestFetcher implements DataFetcher<CompletableFuture<Object>> {
  private final RequestBinding binding;
  private final String coordinate; // per item: made once here, not by each parent
  private final CallPipeline pipeline;
  private final int maxNatsCalls;

  public BatchedRequestFetcher(RequestBinding binding, CallPipeline pipeline, int maxNatsCalls) {
    this.binding = binding;
    this.coordinate = binding.coordinate();
    this.pipeline = pipeline;
    this.maxNatsCalls = maxNatsCalls;
  }

  @Override
  public CompletableFuture<Object> get(DataFetchingEnvironment environment) {
    RequestContext request = environment.getGraphQlContext().get(RequestContext.KEY);
    String key;
    String subject;
    try {
      key = BatchKeys.render(binding.batch().key(), environment, request);
      if (key == null) {
        return CompletableFuture.completedFuture(null);
      }
      subject = FieldSubjects.render(binding.subject(), environment, request);
    } catch (BridgeException unsafe) {
      return CompletableFuture.failedFuture(unsafe);
    }
    if (environment.getDataLoaderRegistry() instanceof OperationLoaders loaders
        && environment.getOperationDefinition().getOperation() != Operation.SUBSCRIPTION) {
      DataLoader<String, Object> loader =
          loader(loaders, subject, request, () -> Origin.of(environment, maxNatsCalls));
      return loader.load(key); // dispatched with the rest of its level
    }
    // no per-level dispatch here (a subscription event, another engine): a batch of one
    DataLoader<String, Object> alone =
        loader(Origin.of(environment, maxNatsCalls), request, subject);
    CompletableFuture<Object> value = alone.load(key);
    alone.dispatch();
    return value;
  }

  /**
   * The key of one parent, for a batched field without arguments (as the strategy's list-level
   * completion renders it, {@code BatchedLists}): null when a placeholder has no value.
   *
   * @throws BridgeException {@code BAD_USER_INPUT} as {@link #get} fails the field
   */
  String keyWithoutArguments(Object parent, RequestContext request) {
    return BatchKeys.renderWithoutArguments(binding.batch().key(), parent, request);
  }

  /** The subject of one parent, for a batched field without arguments. */
  String subjectWithoutArguments(Object parent, RequestContext request) {
    return FieldSubjects.renderWithoutArguments(binding.subject(), parent, request);
  }

  /**
   * The operation's loader of a subject, made by the first parent that asks for it: the one loader
   * both {@link #get} and the strategy's list-level completion use, so their keys share batches and
   * the loader's cache.
   */
  DataLoader<String, Object> loader(
      OperationLoaders loaders, String subject, RequestContext request, Supplier<Origin> first) {
    return loaders.computeIfAbsent(
        coordinate + " " + subject, ignored -> loader(first.get(), request, subject));
  }

  /** The origin of a loader made for the parent at this path (an operation, not an event). */
  Origin originAt(ExecutionContext execution, ResultPath path, GraphQLType fieldType) {
    return new Origin(
        execution.getOperationDefinition().getOperation(),
        execution.getOperationDefinition().getName(),
        path,
        OperationCalls.of(execution.getGraphQLContext(), maxNatsCalls),
        fieldType);
  }

  /** What a loader keeps of the first parent that asked for it. */
  record Origin(
      Operation operation,
      String operationName,
      ResultPath path,
      OperationCalls calls,
      GraphQLType fieldType) {
    static Origin of(DataFetchingEnvironment environment, int maxNatsCalls) {
      return new Origin(
          environment.getOperationDefinition().getOperation(),
          environment.getOperationDefinition().getName(),
          environment.getExecutionStepInfo().getPath(),
          OperationCalls.of(environment, maxNatsCalls),
          environment.getFieldType());
    }
  }

  private DataLoader<String, Object> loader(Origin first, RequestContext request, String subject) {
    Operation operation = first.operation();
    CallContext call =
        FieldCallContexts.of(
            request,
            new FieldCallContexts.Site(first.operationName(), first.path()),
            coordinate,
            binding.connection(),
            CallContext.Action.REQUEST,
            false,
            binding.policy(),
            operation == Operation.QUERY,
            // batches read: a batch key is for fields resolved many times, never a command
            CallContext.OnFailure.REPORT);
    OperationCalls calls = first.calls();
    DataLoaderOptions options =
        DataLoaderOptions.newOptions().setMaxBatchSize(binding.batch().maxBatch()).build();
    return DataLoaderFactory.newDataLoaderWithTry(
        (List<String> keys) -> {
          NatsRequest batch =
              NatsRequest.batch(subject, Json.bytes(Map.of("keys", keys)), keys.size());
          CompletionStage<NatsReply> reply =
              operation == Operation.MUTATION
                  ? calls.send(pipeline, call, batch)
                  : calls.sendShared(pipeline, call, batch);
          return items(reply, keys.size(), first, request);
        },
        options);
  }

  /** The items of a batch's reply, decoded on the request's own event loop. */
  private CompletableFuture<List<Try<Object>>> items(
      CompletionStage<NatsReply> reply, int keys, Origin first, RequestContext request) {
    return Replies.onRequestLoop(
        reply,
        request,
        received -> BatchReplies.decode(received.body(), keys, first.fieldType(), coordinate));
  }
}
