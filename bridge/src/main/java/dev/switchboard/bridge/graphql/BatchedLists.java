package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.errors.BridgeException;
import graphql.execution.DataLoaderDispatchStrategy;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStrategyParameters;
import graphql.execution.FieldValueInfo;
import graphql.execution.FieldValueInfo.CompleteValueType;
import graphql.execution.ResultPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dataloader.DataLoader;

/**
 * Completes a list of objects with batched fields ({@link BatchedListPlan}) a whole level at once:
 * each item's key is rendered and loaded through the operation's loader of the field (the one
 * {@link BatchedRequestFetcher#get} uses, so the call, its guards, budget, audit and batching are
 * the same), graphql-java's per-level dispatcher is told exactly what its own completion would have
 * told it (one object and one fetch per batched field for each item), and when the values are in,
 * every item is completed in one pass. Anything unclean (an item error, a bad reply, a value that
 * does not fit) hands the list to graphql-java's own completion, with the values the loader holds:
 * no second request, and graphql-java's errors, paths and null propagation.
 */
final class BatchedLists {
  private static final FieldValueInfo NULL_ITEM = new FieldValueInfo(CompleteValueType.NULL, null);
  private static final FieldValueInfo OBJECT_ITEM =
      new FieldValueInfo(CompleteValueType.OBJECT, null);

  /** graphql-java's own completion of the list. */
  @FunctionalInterface
  interface Fallback {
    FieldValueInfo complete(
        ExecutionContext execution, ExecutionStrategyParameters parameters, List<Object> items);
  }

  /** One item's loaded value of one batched field. */
  record Load(DataLoader<String, Object> loader, String key, CompletableFuture<Object> value) {}

  private BatchedLists() {}

  /**
   * @return the list's completion, or null when graphql-java must complete it (nothing was loaded
   *     or counted then)
   */
  static FieldValueInfo complete(
      ExecutionContext execution,
      ExecutionStrategyParameters parameters,
      List<Object> items,
      BatchedListPlan plan,
      JsonTreeCompletion completion,
      OperationLoaders loaders,
      RequestContext request,
      Fallback fallback) {
    int width = plan.batched().size();
    String[] keys = new String[items.size() * width];
    String[] subjects = new String[keys.length];
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      if (item == null ? plan.itemsNonNull() : !(item instanceof Map)) {
        return null;
      }
      for (int f = 0; item != null && f < width; f++) {
        BatchedRequestFetcher fetcher = plan.batched().get(f).fetcher();
        try {
          String key = fetcher.keyWithoutArguments(item, request);
          keys[i * width + f] = key;
          subjects[i * width + f] =
              key == null ? null : fetcher.subjectWithoutArguments(item, request);
        } catch (BridgeException refused) {
          return null; // graphql-java's fetch fails that field with the same error
        }
      }
    }
    DataLoaderDispatchStrategy dispatch = execution.getDataLoaderDispatcherStrategy();
    ExecutionStrategyParameters objects =
        parameters.transform(b -> b.fields(plan.split().fetched()));
    ExecutionStrategyParameters fetches =
        parameters.transform(
            b -> b.path(parameters.getPath().segment(plan.batched().get(0).resultKey())));
    List<FieldValueInfo> infos = new ArrayList<>(items.size());
    Load[] loads = new Load[keys.length];
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) == null) {
        infos.add(NULL_ITEM);
        continue;
      }
      // as graphql-java's executeObject and fetchField of this item would count them
      dispatch.executeObject(execution, objects);
      for (int f = 0; f < width; f++) {
        int at = i * width + f;
        loads[at] =
            load(
                execution,
                parameters.getPath().segment(i),
                plan.batched().get(f),
                keys[at],
                subjects[at],
                loaders,
                request);
        dispatch.fieldFetched(
            execution, fetches, plan.batched().get(f).fetcher(), loads[at].value());
      }
      infos.add(OBJECT_ITEM);
    }
    CompletableFuture<Object> list = new CompletableFuture<>();
    List<CompletableFuture<?>> values = new ArrayList<>(loads.length);
    for (Load load : loads) {
      if (load != null) {
        values.add(load.value());
      }
    }
    CompletableFuture.allOf(values.toArray(CompletableFuture[]::new))
        .whenComplete(
            (ignored, failed) -> {
              try {
                finish(execution, parameters, items, plan, completion, loads, fallback, list);
              } finally {
                for (Object item : items) {
                  if (item != null) {
                    dispatch.executeObjectOnFieldValuesInfo(List.of(), parameters);
                  }
                }
              }
            });
    return new FieldValueInfo(CompleteValueType.LIST, list, infos);
  }

  private static Load load(
      ExecutionContext execution,
      ResultPath itemPath,
      BatchedListPlan.Batched batched,
      String key,
      String subject,
      OperationLoaders loaders,
      RequestContext request) {
    if (key == null) {
      return new Load(null, null, CompletableFuture.completedFuture(null));
    }
    BatchedRequestFetcher fetcher = batched.fetcher();
    DataLoader<String, Object> loader =
        fetcher.loader(
            loaders,
            subject,
            request,
            () ->
                fetcher.originAt(
                    execution,
                    itemPath.segment(batched.resultKey()),
                    batched.definition().getType()));
    return new Load(loader, key, loader.load(key));
  }

  private static void finish(
      ExecutionContext execution,
      ExecutionStrategyParameters parameters,
      List<Object> items,
      BatchedListPlan plan,
      JsonTreeCompletion completion,
      Load[] loads,
      Fallback fallback,
      CompletableFuture<Object> list) {
    Object completed;
    try {
      completed = clean(items, plan, completion, loads);
    } catch (RuntimeException unexpected) {
      completed = JsonTreeCompletion.GIVE_UP;
    }
    if (completed != JsonTreeCompletion.GIVE_UP) {
      list.complete(completed);
      return;
    }
    BatchedListFallback.complete(execution, parameters, items, loads, fallback, list);
  }

  /** Every item completed, or GIVE_UP at the first thing graphql-java must decide. */
  private static Object clean(
      List<Object> items, BatchedListPlan plan, JsonTreeCompletion completion, Load[] loads) {
    int width = plan.batched().size();
    List<Object> completed = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      if (item == null) {
        completed.add(null);
        continue;
      }
      Object plainValues = completion.object(item, plan.itemType(), plan.split().plain());
      if (plainValues == JsonTreeCompletion.GIVE_UP) {
        return JsonTreeCompletion.GIVE_UP;
      }
      Map<String, Object> fetched = new LinkedHashMap<>(width * 2);
      for (int f = 0; f < width; f++) {
        CompletableFuture<Object> value = loads[i * width + f].value();
        if (value.isCompletedExceptionally()) {
          return JsonTreeCompletion.GIVE_UP;
        }
        BatchedListPlan.Batched batched = plan.batched().get(f);
        Object one =
            completion.value(value.join(), batched.definition().getType(), batched.field());
        if (one == JsonTreeCompletion.GIVE_UP) {
          return JsonTreeCompletion.GIVE_UP;
        }
        fetched.put(batched.resultKey(), one);
      }
      completed.add(plan.split().merge(plainValues, fetched));
    }
    return completed;
  }
}
