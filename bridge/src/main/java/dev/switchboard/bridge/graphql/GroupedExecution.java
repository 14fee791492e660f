package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.subscriptions.EncodedSink;
import graphql.ExecutionResult;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Put in a subscription's graphql-java context (under {@link #KEY}) by a transport that can take
 * encoded results: the subscription then joins the group of identical ones instead of executing
 * each event itself. Only core (non-stream) subscriptions are grouped.
 *
 * @param key everything the execution depends on but the subjects: see {@link GroupKey}
 * @param sink where this client's copy of each encoded result goes
 * @param execution runs the same operation again as the group's own execution, with the given
 *     context (the founding subscriber's, on the group's session)
 */
public record GroupedExecution(
    GroupKey key,
    EncodedSink sink,
    Function<RequestContext, CompletableFuture<ExecutionResult>> execution) {

  public static final Class<GroupedExecution> KEY = GroupedExecution.class;
}
