package dev.switchboard.bridge.schema;

import graphql.schema.DataFetcher;

/**
 * Makes the data fetcher of each NATS-backed field; the schema loader decides which fields those
 * are.
 */
@FunctionalInterface
public interface FetcherFactory {
  DataFetcher<?> request(RequestBinding binding);

  default DataFetcher<?> publish(PublishBinding binding) {
    return environment -> {
      throw new IllegalStateException("no publisher wired for " + binding.coordinate());
    };
  }

  default DataFetcher<?> subscribe(SubscribeBinding binding) {
    return environment -> {
      throw new IllegalStateException("no subscription wired for " + binding.coordinate());
    };
  }
}
