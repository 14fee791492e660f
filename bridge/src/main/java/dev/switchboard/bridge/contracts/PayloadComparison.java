package dev.switchboard.bridge.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.bridge.contracts.Change.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares two payload schemas of one field as a service sees them. What the service receives
 * (requests, publishes) breaks it when it widens: a new null, a property it relied on gone. What
 * the service sends (replies, events) breaks it when it narrows: a new required property, a value
 * no longer allowed.
 */
final class PayloadComparison {
  /** Which way the payload travels, seen from the service. */
  enum Flow {
    TO_SERVICE,
    FROM_SERVICE
  }

  private final Map<String, ObjectNode> oldSchemas;
  private final Map<String, ObjectNode> newSchemas;
  private final String kind;
  private final Flow flow;
  private final List<Change> changes = new ArrayList<>();
  private final Set<String> visited = new HashSet<>();

  private PayloadComparison(Contract old, Contract current, String kind, Flow flow) {
    this.oldSchemas = old.schemas();
    this.newSchemas = current.schemas();
    this.kind = kind;
    this.flow = flow;
  }

  /**
   * @param kind the {@link Change#kind()} of what is found, e.g. {@code reply}
   * @param where the field's coordinate
   */
  static List<Change> compare(
      Contract old,
      Contract current,
      String kind,
      Flow flow,
      String where,
      JsonNode oldPayload,
      JsonNode newPayload) {
    PayloadComparison comparison = new PayloadComparison(old, current, kind, flow);
    comparison.compare(where, oldPayload, newPayload);
    return merged(comparison.changes);
  }

  /** One line per place and level: "property now required; may no longer be null". */
  private static List<Change> merged(List<Change> changes) {
    Map<String, Change> byPlace = new LinkedHashMap<>();
    for (Change change : changes) {
      byPlace.merge(
          change.level() + " " + change.path(),
          change,
          (first, next) ->
              new Change(
                  first.level(),
                  first.kind(),
                  first.path(),
                  first.message() + "; " + next.message()));
    }
    return List.copyOf(byPlace.values());
  }

  private void compare(String where, JsonNode oldNode, JsonNode newNode) {
    SchemaShape was = SchemaShape.of(oldNode);
    SchemaShape is = SchemaShape.of(newNode);
    if (!was.nullable() && is.nullable() && flow == Flow.TO_SERVICE) {
      add(Level.BREAKING, where, "may now be null");
    }
    if (was.nullable() && !is.nullable() && flow == Flow.FROM_SERVICE) {
      add(Level.BREAKING, where, "may no longer be null");
    }
    if (was.ref() != null && is.ref() != null && !visited.add(was.ref() + "->" + is.ref())) {
      return; // this pair of named types is compared once (recursive types end here)
    }
    JsonNode oldSchema = was.ref() != null ? oldSchemas.get(was.ref()) : was.schema();
    JsonNode newSchema = is.ref() != null ? newSchemas.get(is.ref()) : is.schema();
    String oldType = typeOf(oldSchema);
    String newType = typeOf(newSchema);
    if (!oldType.equals(newType)) {
      add(Level.BREAKING, where, "type changed " + oldType + " -> " + newType);
      return;
    }
    switch (oldType) {
      case "enum" -> compareEnums(where, oldSchema, newSchema);
      case "object" -> compareObjects(where, oldSchema, newSchema);
      case "array" -> compare(where + "[]", oldSchema.get("items"), newSchema.get("items"));
      case "oneOf" -> compareMembers(where, oldSchema, newSchema);
      case "anyOf" -> compareAlternatives(where, oldSchema, newSchema);
      default -> {
        // the same scalar type: nothing more to compare
      }
    }
  }

  private void compareEnums(String where, JsonNode oldSchema, JsonNode newSchema) {
    Set<String> was = texts(oldSchema.get("enum"));
    Set<String> is = texts(newSchema.get("enum"));
    for (String value : was) {
      if (!is.contains(value) && flow == Flow.FROM_SERVICE) {
        add(Level.BREAKING, where, "enum value " + value + " removed");
      }
    }
    for (String value : is) {
      if (!was.contains(value) && flow == Flow.TO_SERVICE) {
        add(Level.DANGEROUS, where, "enum value " + value + " added");
      }
    }
  }

  private void compareObjects(String where, JsonNode oldSchema, JsonNode newSchema) {
    JsonNode was = oldSchema.path("properties");
    JsonNode is = newSchema.path("properties");
    Set<String> wasRequired = texts(oldSchema.get("required"));
    Set<String> isRequired = texts(newSchema.get("required"));
    for (Iterator<String> names = was.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      String at = where + "." + name;
      if (!is.has(name)) {
        if (flow == Flow.TO_SERVICE) {
          add(Level.BREAKING, at, "property removed");
        }
        continue;
      }
      if (!wasRequired.contains(name) && isRequired.contains(name) && flow == Flow.FROM_SERVICE) {
        add(Level.BREAKING, at, "property now required");
      }
      if (wasRequired.contains(name) && !isRequired.contains(name) && flow == Flow.TO_SERVICE) {
        add(Level.BREAKING, at, "property may now be absent");
      }
      compare(at, was.get(name), is.get(name));
    }
    for (Iterator<String> names = is.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (was.has(name)) {
        continue;
      }
      String at = where + "." + name;
      if (flow == Flow.FROM_SERVICE && isRequired.contains(name)) {
        add(Level.BREAKING, at, "required property added");
      } else if (flow == Flow.TO_SERVICE) {
        add(Level.DANGEROUS, at, "property added");
      }
    }
  }

  /** Interfaces and unions: which object types may appear. */
  private void compareMembers(String where, JsonNode oldSchema, JsonNode newSchema) {
    Set<String> was = memberNames(oldSchema);
    Set<String> is = memberNames(newSchema);
    for (String member : was) {
      if (!is.contains(member) && flow == Flow.FROM_SERVICE) {
        add(Level.BREAKING, where, "type " + member + " may no longer appear");
      }
    }
    for (String member : is) {
      if (!was.contains(member) && flow == Flow.TO_SERVICE) {
        add(Level.DANGEROUS, where, "type " + member + " may now appear");
      }
    }
  }

  private void compareAlternatives(String where, JsonNode oldSchema, JsonNode newSchema) {
    JsonNode was = oldSchema.get("anyOf");
    JsonNode is = newSchema.get("anyOf");
    for (int i = 0; i < Math.min(was.size(), is.size()); i++) {
      compare(where, was.get(i), is.get(i));
    }
  }

  private static Set<String> memberNames(JsonNode oneOf) {
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode choice : oneOf.get("oneOf")) {
      JsonNode first = choice.path("allOf").path(0).path("$ref");
      names.add(first.asText().substring(JsonSchemas.REF_PREFIX.length()));
    }
    return names;
  }

  private static String typeOf(JsonNode schema) {
    if (schema == null) {
      return "missing";
    }
    for (String composite : List.of("enum", "oneOf", "anyOf")) {
      if (schema.has(composite)) {
        return composite;
      }
    }
    JsonNode type = schema.get("type");
    if (type == null) {
      return "any";
    }
    return type.isArray() ? String.join("|", texts(type)) : type.asText();
  }

  static Set<String> texts(JsonNode array) {
    Set<String> texts = new LinkedHashSet<>();
    if (array != null) {
      array.forEach(item -> texts.add(item.asText()));
    }
    return texts;
  }

  private void add(Level level, String where, String message) {
    changes.add(new Change(level, kind, where, message));
  }
}
