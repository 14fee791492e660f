package dev.switchboard.bridge.schema;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

  /** The schema coordinates ({@code Type.field}) of every NATS-backed field. */
  public Set<String> coordinates() {
    return Stream.of(
            requests.stream().map(RequestBinding::coordinate),
            publishes.stream().map(PublishBinding::coordinate),
            subscribes.stream().map(SubscribeBinding::coordinate))
        .flatMap(coordinates -> coordinates)
        .collect(Collectors.toUnmodifiableSet());
  }

  public int size() {
    return requests.size() + publishes.size() + subscribes.size();
  }
}
