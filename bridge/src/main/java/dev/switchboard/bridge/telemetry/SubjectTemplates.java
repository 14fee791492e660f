package dev.switchboard.bridge.telemetry;

import dev.switchboard.bridge.schema.Bindings;
import dev.switchboard.bridge.schema.PublishBinding;
import dev.switchboard.bridge.schema.RequestBinding;
import dev.switchboard.subjects.SubjectPattern;
import dev.switchboard.subjects.SubjectTemplate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The subject templates spans name as their destination, so that span names and attributes stay of
 * bounded cardinality (a rendered subject holds argument values). Known once the schema is loaded,
 * which happens after the call pipeline is built: until then (and for unknown fields) a span names
 * the field's coordinate.
 */
final class SubjectTemplates {
  private volatile Map<String, String> byField = Map.of();
  // attempt spans' names and constant attributes, made once per field when the schema is bound
  private volatile Map<String, AttemptShape> requestShapes = Map.of();
  private volatile Map<String, AttemptShape> publishShapes = Map.of();
  private volatile List<Subscribed> subscribed = List.of();

  private record Subscribed(SubjectPattern shape, String template) {}

  void bind(Bindings bindings) {
    Map<String, String> fields = new HashMap<>();
    Map<String, AttemptShape> requests = new HashMap<>();
    Map<String, AttemptShape> publishes = new HashMap<>();
    for (RequestBinding request : bindings.requests()) {
      fields.put(request.coordinate(), request.subject().source());
      requests.put(
          request.coordinate(),
          AttemptShape.request(request.coordinate(), request.subject().source()));
    }
    for (PublishBinding publish : bindings.publishes()) {
      fields.put(publish.coordinate(), publish.subject().source());
      publishes.put(
          publish.coordinate(),
          AttemptShape.publish(publish.coordinate(), publish.subject().source()));
    }
    byField = Map.copyOf(fields);
    requestShapes = Map.copyOf(requests);
    publishShapes = Map.copyOf(publishes);
    subscribed =
        bindings.subscribes().stream()
            .flatMap(binding -> binding.subjects().stream())
            .map(SubjectTemplates::subscribed)
            .toList();
  }

  private static Subscribed subscribed(SubjectTemplate template) {
    return new Subscribed(SubjectPattern.parse(template.widened()), template.source());
  }

  /** The subject template of a field's calls. */
  String ofField(String coordinate) {
    return byField.getOrDefault(coordinate, coordinate);
  }

  /** The shape of the attempt spans of a field's requests (or publishes, {@code publish}). */
  AttemptShape ofAttempt(String coordinate, boolean publish) {
    AttemptShape shape = (publish ? publishShapes : requestShapes).get(coordinate);
    if (shape != null) {
      return shape;
    }
    // not bound (yet): named after the coordinate, made per call
    String template = ofField(coordinate);
    return publish
        ? AttemptShape.publish(coordinate, template)
        : AttemptShape.request(coordinate, template);
  }

  /** The subscription template a delivered subject was rendered from, or {@code (unknown)}. */
  String ofDelivery(String subject) {
    for (Subscribed each : subscribed) {
      if (each.shape().matches(subject)) {
        return each.template();
      }
    }
    return "(unknown)";
  }
}
