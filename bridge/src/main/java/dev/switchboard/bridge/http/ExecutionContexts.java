package dev.switchboard.bridge.http;

import dev.switchboard.bridge.graphql.RequestContext;
import dev.switchboard.bridge.telemetry.ServerSpan;
import graphql.execution.SubscriptionExecutionStrategy;
import java.util.Map;

/** What every operation's graphql-java context holds, whatever the transport. */
public final class ExecutionContexts {
  private ExecutionContexts() {}

  public static Map<Object, Object> of(RequestContext context, ServerSpan span) {
    return Map.of(
        RequestContext.KEY,
        context,
        ServerSpan.KEY,
        span,
        // events with nested NATS calls finish out of order; clients get them in order
        SubscriptionExecutionStrategy.KEEP_SUBSCRIPTION_EVENTS_ORDERED,
        true);
  }
}
