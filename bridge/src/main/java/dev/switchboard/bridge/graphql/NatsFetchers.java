package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.audit.SubscriptionAudit;
import dev.switchboard.bridge.authz.Authorizer;
import dev.switchboard.bridge.chain.CallPipeline;
import dev.switchboard.bridge.schema.FetcherFactory;
import dev.switchboard.bridge.schema.PublishBinding;
import dev.switchboard.bridge.schema.RequestBinding;
import dev.switchboard.bridge.schema.SubscribeBinding;
import dev.switchboard.bridge.subscriptions.Subscriptions;
import graphql.schema.DataFetcher;

/**
 * The data fetchers of the three NATS directives, over one call pipeline and one subscription hub.
 */
public final class NatsFetchers implements FetcherFactory {
  private final CallPipeline calls;
  private final Subscriptions subscriptions;
  private final Authorizer authorizer;
  private final SubscriptionAudit audit;
  private final int maxNatsCalls;
  private final MessageIds messageIds;

  /**
   * @param maxNatsCalls NATS calls one operation (or one subscription event) may make
   */
  public NatsFetchers(
      CallPipeline calls,
      Subscriptions subscriptions,
      Authorizer authorizer,
      SubscriptionAudit audit,
      int maxNatsCalls,
      MessageIds messageIds) {
    this.calls = calls;
    this.subscriptions = subscriptions;
    this.authorizer = authorizer;
    this.audit = audit;
    this.maxNatsCalls = maxNatsCalls;
    this.messageIds = messageIds;
  }

  @Override
  public DataFetcher<?> request(RequestBinding binding) {
    return new NatsRequestFetcher(binding, calls, maxNatsCalls);
  }

  @Override
  public DataFetcher<?> publish(PublishBinding binding) {
    return new NatsPublishFetcher(binding, calls, maxNatsCalls, messageIds);
  }

  @Override
  public DataFetcher<?> subscribe(SubscribeBinding binding) {
    return new NatsSubscribeFetcher(binding, subscriptions, authorizer, audit, maxNatsCalls);
  }
}
