package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.chain.CallContext;
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
  private final CallContext.CallPolicy subscribeOpening;
  private final int maxNatsCalls;
  private final MessageIds messageIds;

  /**
   * @param subscribeOpening how long opening a subscription may take (no retries)
   * @param maxNatsCalls NATS calls one operation (or one subscription event) may make
   */
  public NatsFetchers(
      CallPipeline calls,
      Subscriptions subscriptions,
      CallContext.CallPolicy subscribeOpening,
      int maxNatsCalls,
      MessageIds messageIds) {
    this.calls = calls;
    this.subscriptions = subscriptions;
    this.subscribeOpening = subscribeOpening;
    this.maxNatsCalls = maxNatsCalls;
    this.messageIds = messageIds;
  }

  @Override
  public DataFetcher<?> request(RequestBinding binding) {
    if (binding.batched()) {
      return new BatchedRequestFetcher(binding, calls, maxNatsCalls);
    }
    return new NatsRequestFetcher(binding, calls, maxNatsCalls);
  }

  @Override
  public DataFetcher<?> publish(PublishBinding binding) {
    return new NatsPublishFetcher(binding, calls, maxNatsCalls, messageIds);
  }

  @Override
  public DataFetcher<?> subscribe(SubscribeBinding binding) {
    return new NatsSubscribeFetcher(binding, subscriptions, subscribeOpening, maxNatsCalls);
  }
}
