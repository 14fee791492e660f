package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.bridge.schema.SubscribeBinding;
import dev.switchboard.bridge.subscriptions.SubscriptionSession;
import dev.switchboard.bridge.subscriptions.Subscriptions;
import dev.switchboard.subjects.ErrorCode;
import dev.switchboard.subjects.SubjectTemplate;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;

/**
 * Resolves a {@code @natsSubscribe} field: renders each subject (arguments can never widen it into
 * a wildcard), takes a slot of the connection's subscription limit, and opens the NATS side through
 * the call pipeline (which checks subscribe permissions and audits, as for requests). Every refusal
 * is a coded GraphQL error and nothing is subscribed. Each event's nested NATS fields get a call
 * budget of their own.
 */
public final class NatsSubscribeFetcher
    implements DataFetcher<CompletableFuture<Publisher<Object>>> {
  private final SubscribeBinding binding;
  private final Subscriptions subscriptions;
  private final CallContext.CallPolicy opening;
  private final int maxNatsCallsPerEvent;

  public NatsSubscribeFetcher(
      SubscribeBinding binding,
      Subscriptions subscriptions,
      CallContext.CallPolicy opening,
      int maxNatsCallsPerEvent) {
    this.binding = binding;
    this.subscriptions = subscriptions;
    this.opening = opening;
    this.maxNatsCallsPerEvent = maxNatsCallsPerEvent;
  }

  @Override
  public CompletableFuture<Publisher<Object>> get(DataFetchingEnvironment environment) {
    RequestContext request = environment.getGraphQlContext().get(RequestContext.KEY);
    SubscriptionSession session = request.session();
    if (session == null) {
      return CompletableFuture.failedFuture(
          new BridgeException(
              ErrorCode.BAD_REQUEST,
              "Subscriptions are served over WebSocket (graphql-transport-ws) or SSE."));
    }
    List<String> subjects = new ArrayList<>();
    try {
      for (SubjectTemplate template : binding.subjects()) {
        subjects.add(FieldSubjects.render(template, environment, request));
      }
    } catch (BridgeException unsafe) {
      return CompletableFuture.failedFuture(unsafe);
    }
    CallContext call =
        FieldCallContexts.of(
            request,
            FieldCallContexts.Site.of(environment),
            binding.coordinate(),
            binding.connection(),
            CallContext.Action.SUBSCRIBE,
            binding.stream(),
            opening,
            false,
            CallContext.OnFailure.REPORT);
    Long fromSequence;
    Instant since;
    try {
      fromSequence = sequence(environment.getArgument(SubscribeBinding.FROM_SEQUENCE));
      since = instant(environment.getArgument(SubscribeBinding.SINCE));
    } catch (BridgeException badReplay) {
      return CompletableFuture.failedFuture(badReplay);
    }
    if (!session.tryAcquire()) {
      return CompletableFuture.failedFuture(
          new BridgeException(
              ErrorCode.BAD_REQUEST,
              "This connection already holds the most subscriptions it may."));
    }
    GroupedExecution grouped = environment.getGraphQlContext().get(GroupedExecution.KEY);
    if (grouped != null && !binding.stream()) {
      // one execution per event for the whole group: started here when this subscriber founds it
      return subscriptions.join(
          grouped.key(),
          binding,
          call,
          subjects,
          session,
          grouped.sink(),
          (group, groupSession) ->
              GroupRun.start(group, grouped, request.withSession(groupSession)));
    }
    // a subscription operation has one root field: one position queue per operation
    StreamPositions positions = binding.stream() ? new StreamPositions() : null;
    if (positions != null) {
      environment.getGraphQlContext().put(StreamPositions.KEY, positions);
    }
    return subscriptions
        .open(binding, call, subjects, environment.getArguments(), fromSequence, since, session)
        .thenApply(events -> PerEventCalls.of(events, maxNatsCallsPerEvent, positions));
  }

  private static Long sequence(Object value) {
    if (value == null) {
      return null;
    }
    try {
      long sequence = new java.math.BigDecimal(value.toString()).longValueExact();
      if (sequence < 1) {
        throw new NumberFormatException();
      }
      return sequence;
    } catch (NumberFormatException | ArithmeticException notASequence) {
      throw new BridgeException(
          ErrorCode.BAD_USER_INPUT,
          SubscribeBinding.FROM_SEQUENCE
              + " must be a whole number from 1 (the stream's first message).");
    }
  }

  private static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value.toString());
    } catch (DateTimeParseException notATime) {
      throw new BridgeException(
          ErrorCode.BAD_USER_INPUT,
          SubscribeBinding.SINCE + " must be an ISO-8601 instant such as 2026-11-22T05:00:00Z.");
    }
  }
}
