package dev.switchboard.bridge.schema;

import java.util.ArrayList;
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

  /**
   * Fails naming every field that names a connection the config does not have.
   *
   * @param configured the connection names of {@code nats} and {@code nats.connections}
   */
  public void requireConnections(Set<String> configured) throws SchemaException {
    List<String> problems = connectionProblems(configured);
    if (!problems.isEmpty()) {
      throw new SchemaException(problems);
    }
  }

  /** One problem per field that names a connection the config does not have. */
  public List<String> connectionProblems(Set<String> configured) {
    record Use(String location, String coordinate, String connection) {}
    Stream<Use> uses =
        Stream.of(
                requests.stream().map(b -> new Use(b.location(), b.coordinate(), b.connection())),
                publishes.stream().map(b -> new Use(b.location(), b.coordinate(), b.connection())),
                subscribes.stream().map(b -> new Use(b.location(), b.coordinate(), b.connection())))
            .flatMap(each -> each);
    List<String> problems = new ArrayList<>();
    for (Use use : uses.toList()) {
      if (!configured.contains(use.connection())) {
        problems.add(
            SchemaException.problemAt(
                use.location(),
                use.coordinate(),
                "connection '"
                    + use.connection()
                    + "' is not configured (nats.connections has: "
                    + configured.stream().sorted().toList()
                    + ")"));
      }
    }
    return problems;
  }

  public int size() {
    return requests.size() + publishes.size() + subscribes.size();
  }
}
