package dev.switchboard.bridge.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The NATS contract of a schema: every NATS-backed field and the named JSON Schemas their payloads
 * refer to ({@code #/components/schemas/Name}).
 */
public record Contract(List<FieldContract> fields, Map<String, ObjectNode> schemas) {
  public Contract {
    fields = List.copyOf(fields);
    schemas = Collections.unmodifiableMap(new TreeMap<>(schemas));
  }

  public Optional<FieldContract> field(String coordinate) {
    return fields.stream().filter(field -> field.coordinate().equals(coordinate)).findFirst();
  }
}
