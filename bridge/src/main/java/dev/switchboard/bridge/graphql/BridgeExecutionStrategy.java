package dev.switchboard.bridge.graphql;

import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataLoaderDispatchStrategy;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStrategyParameters;
import graphql.execution.FieldValueInfo;
import graphql.execution.MergedSelectionSet;
import graphql.execution.ResultNodesInfo;
import graphql.language.OperationDefinition.Operation;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import java.util.List;
import java.util.Set;

/**
 * graphql-java's {@link AsyncExecutionStrategy}, with one shortcut: an object whose selected fields
 * are all plain reads of its JSON is completed in one pass ({@link JsonTreeCompletion}), without a
 * data fetcher call, future, step info or instrumentation per field. Everything else (NATS and
 * guarded fields, errors, null propagation, defer) runs graphql-java's own way, so the answers are
 * the same (proven by {@code ExecutionStrategyDifferentialTest}). An object with both kinds of
 * field (an order's plain {@code id} beside its NATS-backed {@code customer}) gets its plain fields
 * in one pass and hands only the others to graphql-java.
 *
 * <p>graphql-java enters the query strategy's {@code executeObject} for every nested object, also
 * under a mutation's serial top level and a subscription's events, so those get the shortcut too.
 */
public final class BridgeExecutionStrategy extends AsyncExecutionStrategy {
  private static final MergedSelectionSet NO_FIELDS =
      MergedSelectionSet.newMergedSelectionSet().build();

  private final PlainJsonFields plain;
  private final GraphQLSchema schema;

  public BridgeExecutionStrategy(GraphQLSchema schema, DataFetcherExceptionHandler errors) {
    super(errors);
    this.plain = new PlainJsonFields(schema);
    this.schema = schema;
  }

  @Override
  protected Object executeObject(
      ExecutionContext execution, ExecutionStrategyParameters parameters) {
    if (shortcutAllowed(execution)
        && parameters.getExecutionStepInfo().getUnwrappedNonNullType()
            instanceof GraphQLObjectType type) {
      JsonTreeCompletion completion = new JsonTreeCompletion(plain, fieldCollector, execution);
      Set<String> plainFields = plain.of(type);
      if (PlainSplit.allPlain(plainFields, parameters.getFields())) {
        Object completed = completion.object(parameters.getSource(), type, parameters.getFields());
        if (completed != JsonTreeCompletion.GIVE_UP) {
          countForDataLoaders(execution, parameters);
          return completed;
        }
        return super.executeObject(execution, parameters);
      }
      PlainSplit split = PlainSplit.of(plainFields, parameters.getFields());
      if (!split.plain().isEmpty()) {
        Object plainValues = completion.object(parameters.getSource(), type, split.plain());
        if (plainValues != JsonTreeCompletion.GIVE_UP) {
          // graphql-java runs (and counts for data loaders) only the fields that fetch
          Object fetched =
              super.executeObject(execution, parameters.transform(b -> b.fields(split.fetched())));
          return split.merge(plainValues, fetched);
        }
      }
    }
    return super.executeObject(execution, parameters);
  }

  /**
   * A list of objects with batched fields ({@code orders { id customer { name } }}) is completed a
   * whole level at once by {@link BatchedLists} when {@link BatchedListPlan} allows it;
   * graphql-java completes every other list, and that one when its values are not clean.
   */
  @Override
  protected FieldValueInfo completeValueForList(
      ExecutionContext execution, ExecutionStrategyParameters parameters, Iterable<Object> values) {
    if (values instanceof List<Object> items
        && !items.isEmpty()
        && shortcutAllowed(execution)
        && execution.getOperationDefinition().getOperation() == Operation.QUERY
        && execution.getDataLoaderDispatcherStrategy() != DataLoaderDispatchStrategy.NO_OP
        && execution.getDataLoaderRegistry() instanceof OperationLoaders loaders
        && execution.getGraphQLContext().get(RequestContext.KEY) instanceof RequestContext request
        && parameters.getExecutionStepInfo().getUnwrappedNonNullType()
            instanceof GraphQLList listType) {
      JsonTreeCompletion completion = new JsonTreeCompletion(plain, fieldCollector, execution);
      BatchedListPlan plan =
          BatchedListPlan.of(listType, parameters.getField(), completion, plain, schema);
      if (plan != null) {
        FieldValueInfo done =
            BatchedLists.complete(
                execution,
                parameters,
                items,
                plan,
                completion,
                loaders,
                request,
                (again, same, list) -> super.completeValueForList(again, same, list));
        if (done != null) {
          return done;
        }
      }
    }
    return super.completeValueForList(execution, parameters, values);
  }

  /** graphql-java's defer and its result node limit work field by field: no shortcut with them. */
  private static boolean shortcutAllowed(ExecutionContext execution) {
    return !execution.hasIncrementalSupport()
        && !execution.getGraphQLContext().hasKey(ResultNodesInfo.MAX_RESULT_NODES);
  }

  /**
   * graphql-java's data loader dispatch counts objects and fetches per level; a shortcut object
   * counts as one object that fetched nothing and holds no objects, so levels still become ready.
   */
  private static void countForDataLoaders(
      ExecutionContext execution, ExecutionStrategyParameters parameters) {
    DataLoaderDispatchStrategy dispatch = execution.getDataLoaderDispatcherStrategy();
    if (dispatch != DataLoaderDispatchStrategy.NO_OP) {
      dispatch.executeObject(execution, parameters.transform(b -> b.fields(NO_FIELDS)));
      dispatch.executeObjectOnFieldValuesInfo(List.of(), parameters);
    }
  }
}
