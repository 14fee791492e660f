package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.CallPipeline;
import dev.switchboard.bridge.chain.NatsReply;
import dev.switchboard.bridge.chain.NatsRequest;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The NATS calls of one operation, or of one subscription event: a budget of {@code
 * limits.maxNatsCalls} calls, and the replies that identical requests share. It lives in
 * graphql-java's {@code GraphQLContext} (an event's in the event's local context), so it lasts
 * exactly as long as the execution. The static estimate refuses most operations that would spend
 * the budget before they run; this catches lists that turn out longer than assumed.
 */
final class OperationCalls {
  private static final String KEY = OperationCalls.class.getName();
  private final int budget;
  // Most operations send one request: it is kept as it is, a map is made only for a second one,
  // so a one-call operation neither hashes its subject and body nor makes a map.
  private RequestKey firstKey;
  private CompletionStage<NatsReply> firstReply;
  private Map<RequestKey, CompletionStage<NatsReply>> shared;
  private int spent;

  OperationCalls(int budget) {
    this.budget = budget;
  }

  /** The calls of the execution this field belongs to. */
  static OperationCalls of(DataFetchingEnvironment environment, int budget) {
    if (environment.getLocalContext() instanceof OperationCalls event) {
      return event;
    }
    return of(environment.getGraphQlContext(), budget);
  }

  /** The calls of an operation (not a subscription event), from its context. */
  static OperationCalls of(GraphQLContext context, int budget) {
    return context.computeIfAbsent(KEY, key -> new OperationCalls(budget));
  }

  /**
   * Sends the request through the pipeline when the budget has a call left; otherwise nothing is
   * sent and the stage fails with {@code QUERY_TOO_COMPLEX}.
   */
  synchronized CompletionStage<NatsReply> send(
      CallPipeline pipeline, CallContext call, NatsRequest request) {
    if (spent >= budget) {
      return CompletableFuture.failedFuture(spentBudget());
    }
    spent++;
    return pipeline.execute(call, request);
  }

  /**
   * Like {@link #send}, but a request identical to one already sent in this execution (same
   * subject, same body) is not sent again: it shares that reply and costs nothing. For reads only.
   */
  synchronized CompletionStage<NatsReply> sendShared(
      CallPipeline pipeline, CallContext call, NatsRequest request) {
    RequestKey key = new RequestKey(request.subject(), ByteBuffer.wrap(request.body()));
    CompletionStage<NatsReply> earlier = earlier(key);
    if (earlier != null) {
      return earlier;
    }
    if (spent >= budget) {
      return CompletableFuture.failedFuture(spentBudget());
    }
    spent++;
    CompletionStage<NatsReply> reply = pipeline.execute(call, request);
    remember(key, reply); // only calls that were sent: at most `budget` entries
    return reply;
  }

  private CompletionStage<NatsReply> earlier(RequestKey key) {
    if (firstKey == null) {
      return null;
    }
    if (firstKey.equals(key)) {
      return firstReply;
    }
    return shared == null ? null : shared.get(key);
  }

  private void remember(RequestKey key, CompletionStage<NatsReply> reply) {
    if (firstKey == null) {
      firstKey = key;
      firstReply = reply;
      return;
    }
    if (shared == null) {
      shared = new HashMap<>();
    }
    shared.put(key, reply);
  }

  private BridgeException spentBudget() {
    return new BridgeException(
        ErrorCode.QUERY_TOO_COMPLEX,
        "The operation has made the "
            + budget
            + " NATS calls it may (limits.maxNatsCalls); this field was not resolved.");
  }

  /** What makes two requests the same: the rendered subject and the body's bytes. */
  private record RequestKey(String subject, ByteBuffer body) {}
}
