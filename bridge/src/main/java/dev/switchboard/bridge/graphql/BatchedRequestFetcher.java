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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
    String name = coordinate + " " + subject;
    if (environment.getDataLoaderRegistry() instanceof OperationLoaders loaders
        && environment.getOperationDefinition().getOperation() != Operation.SUBSCRIPTION) {
      DataLoader<String, Object> loader =
          loaders.computeIfAbsent(name, ignored -> loader(environment, request, subject));
      return loader.load(key); // dispatched with the rest of its level
    }
    // no per-level dispatch here (a subscription event, another engine): a batch of one
    DataLoader<String, Object> alone = loader(environment, request, subject);
    CompletableFuture<Object> value = alone.load(key);
    alone.dispatch();
    return value;
  }

  private DataLoader<String, Object> loader(
      DataFetchingEnvironment first, RequestContext request, String subject) {
    Operation operation = first.getOperationDefinition().getOperation();
    CallContext call =
        FieldCallContexts.of(
            request,
            first,
            coordinate,
            binding.connection(),
            CallContext.Action.REQUEST,
            false,
            binding.policy(),
            operation == Operation.QUERY,
            // batches read: a batch key is for fields resolved many times, never a command
            CallContext.OnFailure.REPORT);
    OperationCalls calls = OperationCalls.of(first, maxNatsCalls);
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
      CompletionStage<NatsReply> reply,
      int keys,
      DataFetchingEnvironment first,
      RequestContext request) {
    return Replies.onRequestLoop(
        reply, request, body -> BatchReplies.decode(body, keys, first.getFieldType(), coordinate));
  }
}
