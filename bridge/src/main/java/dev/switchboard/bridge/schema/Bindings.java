package dev.switchboard.bridge.schema;

import java.util.List;

/** Every NATS-backed field of a schema, by kind. */
public record Bindings(
    List<RequestBinding> requests,
    List<PublishBinding> publishes,
    List<SubscribeBinding> subscribes) {

  public Bindings {
    requests = List.copyOf(requests);
    publishes = List.copyOf(publishes);
    subscribes = List.copyOf(subscribes);
  }

  public int size() {
    return requests.size() + publishes.size() + subscribes.size();
  }
}
