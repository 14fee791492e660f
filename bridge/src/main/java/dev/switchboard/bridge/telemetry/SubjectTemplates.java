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
  private volatile List<Subscribed> subscribed = List.of();

  private record Subscribed(SubjectPattern shape, String template) {}

  void bind(Bindings bindings) {
    Map<String, String> fields = new HashMap<>();
    for (RequestBinding request : bindings.requests()) {
      fields.put(request.coordinate(), request.subject().source());
    }
    for (PublishBinding publish : bindings.publishes()) {
      fields.put(publish.coordinate(), publish.subject().source());
    }
    byField = Map.copyOf(fields);
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
