package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.graphql.BatchedLists.Load;
import graphql.execution.DataLoaderDispatchStrategy;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStrategyParameters;
import graphql.execution.FieldValueInfo;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Hands a list {@link BatchedLists} could not complete cleanly to graphql-java's own completion,
 * with the values the loader already holds: no second request, and graphql-java's errors, paths and
 * null propagation.
 */
final class BatchedListFallback {
  private BatchedListFallback() {}

  /** Completes {@code list} with graphql-java's completion of the items. */
  static void complete(
      ExecutionContext execution,
      ExecutionStrategyParameters parameters,
      List<Object> items,
      Load[] loads,
      BatchedLists.Fallback fallback,
      CompletableFuture<Object> list) {
    for (Load load : loads) {
      if (load != null && load.loader() != null) {
        // a failed batch leaves the loader's cache; graphql-java's fetch finds its outcome there
        load.loader().prime(load.key(), load.value());
      }
    }
    DataLoaderDispatchStrategy dispatch = execution.getDataLoaderDispatcherStrategy();
    // BatchedLists counted the items already; graphql-java's completion must not count them again,
    // or its levels never become ready. It is synchronous here (every fetch is a cache hit on a
    // completed future) and one request's execution runs on its one event loop, so no other part
    // of the execution sees the swap.
    execution.setDataLoaderDispatcherStrategy(DataLoaderDispatchStrategy.NO_OP);
    FieldValueInfo own;
    try {
      own = fallback.complete(execution, parameters, items);
    } catch (RuntimeException failed) {
      list.completeExceptionally(failed);
      return;
    } finally {
      execution.setDataLoaderDispatcherStrategy(dispatch);
    }
    if (own.getFieldValueObject() instanceof CompletableFuture<?> later) {
      later.whenComplete(
          (value, failed) -> {
            if (failed != null) {
              list.completeExceptionally(failed);
            } else {
              list.complete(value);
            }
          });
    } else {
      list.complete(own.getFieldValueObject());
    }
  }
}
